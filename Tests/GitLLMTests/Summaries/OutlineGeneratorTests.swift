import Testing

@testable import GitLLM

@Suite struct OutlineGeneratorTests {
  let outline = OutlineGenerator()

  @Test func pythonImportsClassesMethodsAndDocstrings() {
    let text = """
      #!/usr/bin/env python3
      \"\"\"Module docstring.\"\"\"
      import os
      from pathlib import Path

      @dataclass
      class Reader:
          \"\"\"Reads files. Details follow.\"\"\"

          def read(self, path,
                   encoding="utf-8"):
              \"\"\"
              Return the text.
              \"\"\"
              if path:
                  return Path(path).read_text()

      # Runs the tool.
      async def main():
          pass
      """
    let markdown = outline.outline(path: "tools/read.py", text: text)
    #expect(markdown.contains("Outline of a Python file (20 lines)"))
    #expect(markdown.contains("- `import os`\n- `from pathlib import Path`"))
    #expect(markdown.contains("- `class Reader` — Reads files."))
    #expect(markdown.contains("  - `def read(self, path,` — Return the text."))
    #expect(markdown.contains("- `async def main()` — Runs the tool."))
    #expect(!markdown.contains("if path"))
  }

  @Test func swiftDeclarationsWithDocComments() {
    let text = """
      import Foundation

      /// A queue of jobs.
      /// It is thread-safe.
      public final class JobQueue {
        /// Adds a job.
        @discardableResult
        public func add(_ job: Job) -> Int { 1 }
        private var jobs: [Job] = []
        init() {}
      }

      extension JobQueue: Sendable {}
      """
    let markdown = outline.outline(path: "Sources/Jobs.swift", text: text)
    #expect(markdown.contains("- `public final class JobQueue` — A queue of jobs.\n"))
    #expect(markdown.contains("  - `public func add(_ job: Job) -> Int` — Adds a job."))
    #expect(markdown.contains("  - `init()`\n"))
    #expect(markdown.contains("- `extension JobQueue: Sendable`"))
    #expect(!markdown.contains("jobs: [Job]"))
  }

  @Test func goImportBlockFunctionsAndTypes() {
    let text = """
      package server

      import (
      \t"fmt"
      \t"net/http"
      )

      // Server answers requests.
      type Server struct {
      \taddr string
      }

      // Start listens on the address.
      func (s *Server) Start() error {
      \treturn http.ListenAndServe(s.addr, nil)
      }
      """
    let markdown = outline.outline(path: "server.go", text: text)
    #expect(markdown.contains("- `package server`"))
    #expect(markdown.contains("- `\"net/http\"`"))
    #expect(markdown.contains("- `type Server struct` — Server answers requests."))
    #expect(markdown.contains("- `func (s *Server) Start() error` — Start listens on the address."))
  }

  @Test func rustJavaScriptJavaCAndShell() {
    let rust = outline.outline(
      path: "lib.rs",
      text: """
        use std::io;
        /// Parses input.
        #[derive(Debug)]
        pub struct Parser { pos: usize }
        impl Parser {
            /// Makes a parser.
            pub fn new() -> Self { Parser { pos: 0 } }
        }
        """)
    #expect(rust.contains("- `use std::io;`"))
    #expect(rust.contains("- `pub struct Parser` — Parses input."))
    #expect(rust.contains("  - `pub fn new() -> Self` — Makes a parser."))

    let ts = outline.outline(
      path: "app.ts",
      text: """
        import { readFile } from "fs";
        /** Loads the config. */
        export async function load(path: string): Promise<Config> {
          return JSON.parse(await readFile(path));
        }
        export const double = (x: number) => x * 2;
        export interface Config { name: string }
        """)
    #expect(ts.contains("TypeScript"))
    #expect(
      ts.contains(
        "- `export async function load(path: string): Promise<Config>` — Loads the config."))
    #expect(ts.contains("- `export const double = (x: number) => x * 2;`"))
    #expect(ts.contains("- `export interface Config`"))

    let java = outline.outline(
      path: "App.java",
      text: """
        package com.example;
        import java.util.List;
        /**
         * The application.
         */
        public class App {
            /** Runs it. */
            public static void main(String[] args) {
                if (args.length > 0) { System.out.println(args[0]); }
            }
        }
        """)
    #expect(java.contains("- `import java.util.List;`"))
    #expect(java.contains("- `public class App` — The application."))
    #expect(java.contains("  - `public static void main(String[] args)` — Runs it."))
    #expect(!java.contains("if (args"))

    let c = outline.outline(
      path: "util.h",
      text: """
        #include <stdio.h>
        /* Adds two numbers. */
        int add(int a, int b);
        struct point { int x; };
        """)
    #expect(c.contains("- `#include <stdio.h>`"))
    #expect(c.contains("- `int add(int a, int b);` — Adds two numbers."))
    #expect(c.contains("- `struct point`"))

    let sh = outline.outline(
      path: "build.sh",
      text: """
        #!/bin/sh
        . ./lib.sh
        # Builds everything.
        build() {
          make
        }
        """)
    #expect(sh.contains("- `. ./lib.sh`"))
    #expect(sh.contains("- `build()` — Builds everything."))
  }

  @Test func unknownLanguagesShowTheirBeginning() {
    let markdown = outline.outline(path: "ci.yaml", text: "steps:\n  - run: make\n")
    #expect(markdown.contains("Outline of a YAML file (2 lines)"))
    #expect(markdown.contains("```yaml\nsteps:\n- run: make\n```"))
  }
}
