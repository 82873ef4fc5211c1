import Foundation

/// Prints a value as pretty, key-sorted JSON on standard output.
func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  encoder.dateEncodingStrategy = .iso8601
  let data = try encoder.encode(value)
  FileHandle.standardOutput.write(data)
  FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Writes one line to standard error.
func warn(_ message: String) {
  FileHandle.standardError.write(Data("git-llm: \(message)\n".utf8))
}

/// Pads text to a width, for simple tables.
func pad(_ text: String, _ width: Int) -> String {
  text + String(repeating: " ", count: max(2, width - text.count))
}

/// A one-line description of an error for people: Foundation's file errors as "path: reason"
/// (their default text is an NSError dump), everything else as it describes itself.
func describe(_ error: any Error) -> String {
  if let cocoa = error as? CocoaError {
    let path = cocoa.filePath ?? cocoa.userInfo[NSFilePathErrorKey] as? String ?? cocoa.url?.path
    var reason = "cannot access it"
    if let posix = cocoa.userInfo[NSUnderlyingErrorKey] as? POSIXError {
      reason = String(cString: strerror(posix.code.rawValue))
    } else if let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      reason = String(cString: strerror(Int32(underlying.code)))
    } else if cocoa.code == .fileWriteNoPermission || cocoa.code == .fileReadNoPermission {
      reason = String(cString: strerror(EACCES))
    } else if cocoa.code == .fileNoSuchFile || cocoa.code == .fileReadNoSuchFile {
      reason = String(cString: strerror(ENOENT))
    }
    return "\(path ?? "a file"): \(reason)"
  }
  if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
  return String(describing: error)
}
