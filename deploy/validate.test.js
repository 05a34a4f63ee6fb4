// Tests of deploy/validate (node --test): the real manifests pass, and each
// deliberately broken copy, written to a temp dir, fails with a message that
// names the problem. Most cases call the validator in-process (a node start
// per case is slow on a busy machine); the first and last run the command
// itself for its exit codes. Run: (cd deploy && node --test validate.test.js)
"use strict";

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const test = require("node:test");
const YAML = require("yaml");
const { validatePaths } = require("./validate");

const VALIDATE = path.join(__dirname, "validate");
const K8S = path.join(__dirname, "k8s");

function run(...args) {
  const result = spawnSync(process.execPath, [VALIDATE, ...args], { encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// Copies deploy/k8s to a temp dir, lets `mutate(objects by file name)` change
// the parsed objects (or return replacement text per file), writes them back.
function brokenCopy(mutate) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bf-k8s-"));
  const objects = {};
  for (const file of fs.readdirSync(K8S)) objects[file] = YAML.parse(fs.readFileSync(path.join(K8S, file), "utf8"));
  const texts = mutate(objects) || {};
  for (const [file, object] of Object.entries(objects)) {
    fs.writeFileSync(path.join(dir, file), texts[file] ?? YAML.stringify(object));
  }
  return dir;
}

function assertFails(dir, ...expected) {
  try {
    const problems = validatePaths([dir]).problems.join("\n");
    assert.notEqual(problems, "", "expected problems, found none");
    for (const text of expected) assert.match(problems, text);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const container = (objects) => objects["deployment.yaml"].spec.template.spec.containers[0];

test("the real manifests are valid", () => {
  const { code, out, err } = run();
  assert.equal(code, 0, err);
  assert.match(out, /5 objects in 5 files valid/);
});

test("an unchanged copy is valid", () => {
  const dir = brokenCopy(() => {});
  try {
    assert.deepEqual(validatePaths([dir]).problems, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a schema type error fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["deployment.yaml"].spec.replicas = "two";
    }),
    /Deployment\/beatframe\): \/spec\/replicas: must be integer/,
  );
});

test("a wrong enum value fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["service.yaml"].spec.ports[0].protocol = "HTTP";
    }),
    /\/spec\/ports\/0\/protocol: must be equal to one of the allowed values/,
  );
});

test("a missing required field fails", () => {
  assertFails(
    brokenCopy((o) => {
      delete container(o).name;
    }),
    /containers\/0: must have required property name/,
  );
});

test("an unknown kind or apiVersion fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["hpa.yaml"].kind = "HorizontalPodScaler";
      o["pvc.yaml"].apiVersion = "storage/v9";
    }),
    /kind "HorizontalPodScaler" does not exist in apiVersion "autoscaling\/v2"/,
    /apiVersion "storage\/v9" is not a Kubernetes 1.27 API/,
  );
});

test("broken YAML fails", () => {
  assertFails(
    brokenCopy(() => ({ "service.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: x\n" })),
    /service.yaml#1: YAML:/,
  );
});

test("a termination grace period below the drain grace fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["deployment.yaml"].spec.template.spec.terminationGracePeriodSeconds = 30;
    }),
    /terminationGracePeriodSeconds \(30\) must exceed the drain grace \(60 s\)/,
  );
});

test("probes that are not grpc.health.v1 fail", () => {
  assertFails(
    brokenCopy((o) => {
      container(o).livenessProbe = { httpGet: { path: "/", port: 9090 } };
      container(o).readinessProbe.grpc.port = 50052;
    }),
    /livenessProbe must be a grpc probe/,
    /readinessProbe port 50052 is not a container port/,
  );
});

test("root, missing limits and undefined references fail", () => {
  assertFails(
    brokenCopy((o) => {
      o["deployment.yaml"].spec.template.spec.securityContext.runAsNonRoot = false;
      delete container(o).resources.limits;
      container(o).envFrom[0].configMapRef.name = "elsewhere";
      o["deployment.yaml"].spec.template.spec.volumes[0].persistentVolumeClaim.claimName = "nothing";
    }),
    /runAsNonRoot must be true/,
    /resources.limits.cpu is missing/,
    /ConfigMap elsewhere is not defined/,
    /PersistentVolumeClaim nothing is not defined/,
  );
});

test("scaling past one replica on the ReadWriteOnce volume fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["hpa.yaml"].spec.maxReplicas = 4;
      o["deployment.yaml"].spec.strategy = { type: "RollingUpdate" };
    }),
    /maxReplicas must be 1 while Deployment beatframe mounts the ReadWriteOnce claim beatframe-data/,
    /strategy.type must be Recreate/,
  );
});

test("a Service that selects nothing fails", () => {
  assertFails(
    brokenCopy((o) => {
      o["service.yaml"].spec.selector = { app: "other" };
    }),
    /the selector matches no Deployment's pods/,
  );
});

test("the command exits 1 and names the problem", () => {
  const dir = brokenCopy((o) => {
    o["deployment.yaml"].spec.replicas = "two";
  });
  try {
    const { code, err } = run(dir, path.join(os.tmpdir(), "bf-no-such-dir"));
    assert.equal(code, 1);
    assert.match(err, /^INVALID .*deployment.yaml#1 \(Deployment\/beatframe\): \/spec\/replicas: must be integer$/m);
    assert.match(err, /bf-no-such-dir: no such file or directory/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
