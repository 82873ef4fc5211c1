import Foundation

/// Runs a program and samples its peak resident set size (`VmHWM` in /proc/PID/status) until it
/// exits. getrusage/wait4 cannot be used here: Linux carries the spawning process's high-water
/// mark into the child's `ru_maxrss` across exec (posix_spawn shares the parent's memory), so a
/// test runner holding a big fixture would be charged to the child. VmHWM belongs to the child's
/// own address space and only grows, so the last sample is a close lower bound of the peak.
enum MemoryRusage {
  struct Result {
    var status: Int32
    var peakRSSBytes: Int
    var samples: Int
    var stdout: String
    var stderr: String
  }

  static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
    -> Result
  {
    let scratch = try ScratchDirectory("rusage")
    _ = FileManager.default.createFile(atPath: scratch("stdout"), contents: nil)
    _ = FileManager.default.createFile(atPath: scratch("stderr"), contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle(forWritingAtPath: scratch("stdout"))
    process.standardError = FileHandle(forWritingAtPath: scratch("stderr"))
    try process.run()
    var peak = 0
    var samples = 0
    while process.isRunning {
      if let status = try? String(
        contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Int(
          line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
      {
        peak = max(peak, kilobytes * 1024)
        samples += 1
      }
      usleep(5_000)
    }
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, peakRSSBytes: peak, samples: samples,
      stdout: try scratch.read("stdout"), stderr: try scratch.read("stderr"))
  }
}
