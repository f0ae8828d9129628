#!/usr/bin/env node
import { main } from "../dist/bundle/cli.js";

// `stdz … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE") throw e;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
