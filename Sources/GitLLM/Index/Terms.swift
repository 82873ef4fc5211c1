/// Code-aware terms. FTS5's `unicode61` tokenizer (with `tokenchars '_'`) indexes every identifier
/// whole and lowercased; this adds the parts of compound identifiers (camelCase, PascalCase,
/// snake_case) as an extra column, and expands queries the same way, so `parseHTTPResponse`
/// matches a search for "http response" and a search for `parse_http_response` alike.
/// Kebab-case needs nothing: `-` already separates tokens.
public enum Terms {
  /// The parts of the compound identifiers in `text`, lowercased, each once, space-separated.
  public static func expansion(of text: String) -> String {
    var output: [UInt8] = []
    var seenIdentifiers = Set<ArraySlice<UInt8>>()
    var seenParts = Set<String>()
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
      guard isWordByte(bytes[index]) else {
        index += 1
        continue
      }
      let start = index
      while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
      let word = bytes[start..<index]
      guard word.count > 3, isCompound(word) else { continue }
      guard seenIdentifiers.insert(word).inserted else { continue }
      for part in parts(word) where seenParts.insert(part).inserted {
        if !output.isEmpty { output.append(32) }
        output.append(contentsOf: part.utf8)
      }
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The lowercased parts of one identifier (`parseHTTPResponse` → parse, http, response); empty
  /// when it is not compound. Parts shorter than two characters are dropped.
  public static func parts(of identifier: String) -> [String] {
    let bytes = Array(identifier.utf8)
    guard bytes.allSatisfy(isWordByte), isCompound(bytes[...]) else { return [] }
    return parts(bytes[...])
  }

  /// The terms a query searches for: each word lowercased, plus the parts of compound words;
  /// common English words are dropped unless nothing else is left.
  public static func queryTerms(_ query: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in query + " " {
      if character.isLetter || character.isNumber || character == "_" {
        current.append(character)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    var terms: [String] = []
    var seen = Set<String>()
    let meaningful = words.filter { !stopWords.contains($0.lowercased()) }
    for word in meaningful.isEmpty ? words : meaningful {
      for term in [word.lowercased()] + parts(of: word) where seen.insert(term).inserted {
        terms.append(term)
      }
    }
    return terms
  }

  /// An FTS5 MATCH expression that ORs the query's terms (BM25 then ranks by how many match);
  /// nil when the query has no terms.
  public static func matchExpression(for query: String) -> String? {
    let terms = queryTerms(query)
    guard !terms.isEmpty else { return nil }
    // Terms hold only letters, digits and `_`, so quoting needs no escapes.
    return terms.map { "\"\($0)\"" }.joined(separator: " OR ")
  }

  // ASCII letters, digits and `_`; other scripts are left to unicode61 in the text column.
  static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
  }

  static func isCompound(_ word: ArraySlice<UInt8>) -> Bool {
    var sawLower = false
    for byte in word {
      if byte == 95 { return true }
      if byte >= 97 && byte <= 122 { sawLower = true }
      else if byte >= 65 && byte <= 90, sawLower { return true }
    }
    // All-caps-then-lower (`HTTPServer`) is compound too.
    var upperRun = 0
    for byte in word {
      if byte >= 65 && byte <= 90 { upperRun += 1 }
      else if byte >= 97 && byte <= 122 { return upperRun >= 2 }
      else { upperRun = 0 }
    }
    return false
  }

  static func parts(_ word: ArraySlice<UInt8>) -> [String] {
    var result: [String] = []
    var current: [UInt8] = []
    func flush() {
      if current.count >= 2 { result.append(String(decoding: current, as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    let bytes = Array(word)
    for (offset, byte) in bytes.enumerated() {
      if byte == 95 {
        flush()
        continue
      }
      let isUpper = byte >= 65 && byte <= 90
      if isUpper, offset > 0 {
        let previous = bytes[offset - 1]
        let previousLower = (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57)
        let previousUpper = previous >= 65 && previous <= 90
        let nextLower = offset + 1 < bytes.count && bytes[offset + 1] >= 97 && bytes[offset + 1] <= 122
        if previousLower || (previousUpper && nextLower) { flush() }
      }
      current.append(isUpper ? byte + 32 : byte)
    }
    flush()
    return result
  }

  static let stopWords: Set<String> = [
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "is", "it", "its", "me", "of", "on", "or", "the", "this", "that", "to", "was",
    "what", "when", "where", "which", "who", "why", "with", "we", "you", "there", "get", "use",
  ]
}
