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
