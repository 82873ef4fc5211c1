import CGit2

/// A git object id (SHA-1), kept as 40 lowercase hex digits.
public struct ObjectID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
  public let hex: String

  /// Parses 40 hex digits (either case); nil for anything else.
  public init?(hex: String) {
    let lower = hex.lowercased()
    guard lower.utf8.count == 40, lower.utf8.allSatisfy(ObjectID.isHexDigit) else { return nil }
    self.hex = lower
  }

  /// The id of the empty tree, which every repository can diff against.
  public static let emptyTree = ObjectID(unchecked: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")

  public var description: String { hex }

  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let id = ObjectID(hex: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not an object id: \(text)"))
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(hex)
  }

  private init(unchecked hex: String) { self.hex = hex }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
  }
}

// MARK: - git_oid conversion

extension ObjectID {
  /// Formats the 20 raw bytes directly: this runs once per file when listing large trees.
  init(_ oid: git_oid) {
    let digits: StaticString = "0123456789abcdef"
    hex = withUnsafeBytes(of: oid.id) { raw in
      String(unsafeUninitializedCapacity: 40) { out in
        digits.withUTF8Buffer { table in
          for (index, byte) in raw.prefix(20).enumerated() {
            out[2 * index] = table[Int(byte >> 4)]
            out[2 * index + 1] = table[Int(byte & 0x0f)]
          }
        }
        return 40
      }
    }
  }

  /// Reads a `git_oid`; nil for a null pointer or the all-zero id libgit2 uses for "absent".
  init?(_ oid: UnsafePointer<git_oid>?) {
    guard let oid, git_oid_is_zero(oid) == 0 else { return nil }
    self.init(oid.pointee)
  }

  /// The libgit2 form of this id.
  var oid: git_oid {
    var oid = git_oid()
    // The hex was validated on construction, so parsing cannot fail.
    _ = git_oid_fromstrn(&oid, hex, 40)
    return oid
  }
}
