// The `beatframe` command-line client. All logic lives in bf_client (cli.h).
#include <cstdlib>
#include <string>
#include <vector>

#include "client/cli.h"

int main(int argc, char** argv) {
  const char* env_server = std::getenv("BEATFRAME_SERVER");
  return beatframe::client::RunCli(std::vector<std::string>(argv + 1, argv + argc),
                                   env_server != nullptr ? env_server : "");
}
