import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A child started with posix_spawn as the leader of a new process group, its stdout and stderr
/// on one pipe, its signal mask cleared (Swift Testing's threads block SIGTERM, and a mask is
/// inherited) and its signal dispositions reset to the defaults.
struct ProcessGroupChild {
  let pid: pid_t
  /// The read end of the output pipe; the caller closes it.
  let output: Int32

  struct SpawnError: Error, CustomStringConvertible {
    var call: String
    var code: Int32
    var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
  }

  /// Starts `/bin/sh -c command` in `directory`. (posix_spawn_file_actions_addchdir_np is not
  /// imported into Swift, so the shell changes folder before it runs the command.)
  static func spawnShell(_ command: String, directory: String, environment: [String: String]) throws
    -> ProcessGroupChild
  {
    try spawn(
      ["/bin/sh", "-c", "cd -- \"$1\" || exit 127; exec /bin/sh -c \"$2\"", "sh", directory, command],
      environment: environment)
  }

  static func spawn(_ arguments: [String], environment: [String: String]) throws -> ProcessGroupChild {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw SpawnError(call: "pipe", code: errno) }
    // The read end must not leak into the child (or into children spawned by other tasks).
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    defer { close(fds[1]) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    posix_spawn_file_actions_addclose(&actions, fds[1])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard code == 0 else {
      close(fds[0])
      throw SpawnError(call: "posix_spawn \(arguments[0])", code: code)
    }
    return ProcessGroupChild(pid: pid, output: fds[0])
  }

  /// Whether the child has exited, leaving it unreaped so its pid keeps naming its group.
  func hasExited() -> Bool {
    var info = siginfo_t()
    let code = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
    return code == 0 && info.si_pid_value != 0
  }

  /// Waits for the child and returns its raw wait status.
  func reap() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
  }
}

extension siginfo_t {
  /// `si_pid`, which Glibc exposes only through the union.
  var si_pid_value: pid_t {
    #if canImport(Glibc)
      return _sifields._kill.si_pid
    #else
      return si_pid
    #endif
  }
}
