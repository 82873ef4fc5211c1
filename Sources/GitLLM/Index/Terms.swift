/// Code-aware terms. FTS5's `unicode61` tokenizer (with `tokenchars '_'`) indexes every identifier
/// whole and lowercased; this adds the parts of compound identifiers (camelCase, PascalCase,
/// snake_case) as an extra column, and expands queries the same way, so `parseHTTPResponse`
/// matches a search for "http response" and a search for `parse_http_response` alike.
/// Kebab-case needs nothing: `-` already separates tokens.
public enum Terms {
  /// The parts of the compound identifiers in `text`, lowercased, each once, space-separated.
  /// Hot in a full index: bytes only, no per-word allocation; parts are deduplicated by a 64-bit
  /// FNV-1a hash (a collision would only drop one part from one chunk's term list).
  public static func expansion(of text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
      var output: [UInt8] = []
      var seen = Set<UInt64>()
      var index = 0
      let count = bytes.count
      while index < count {
        guard isWordByte(bytes[index]) else {
          index += 1
          continue
        }
        let start = index
        while index < count, isWordByte(bytes[index]) { index += 1 }
        guard index - start > 3, isCompound(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { continue }
        forEachPart(UnsafeBufferPointer(rebasing: bytes[start..<index])) { part in
          var hash: UInt64 = 0xcbf2_9ce4_8422_2325
          for byte in part { hash = (hash ^ UInt64(lowercased(byte))) &* 0x100_0000_01b3 }
          guard seen.insert(hash).inserted else { return }
          if !output.isEmpty { output.append(32) }
          for byte in part { output.append(lowercased(byte)) }
        }
      }
      return String(decoding: output, as: UTF8.self)
    }
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
    var terms: [String] = []
    var seen = Set<String>()
    for word in queryWords(query) {
      for term in [word.lowercased()] + parts(of: word) where seen.insert(term).inserted {
        terms.append(term)
      }
    }
    return terms
  }

  /// An FTS5 MATCH expression: the query's words ORed (BM25 then ranks by how many match), a
  /// compound word matching whole or by all of its parts (`parseHTTPResponse` →
  /// `("parsehttpresponse" OR ("parse" AND "http" AND "response"))`); nil when there are no words.
  public static func matchExpression(for query: String) -> String? {
    // Terms hold only letters, digits and `_`, so quoting needs no escapes.
    var clauses: [String] = []
    for word in queryWords(query) {
      let whole = "\"\(word.lowercased())\""
      let wordParts = parts(of: word)
      let clause = wordParts.count < 2 ? whole : "(\(whole) OR (\(wordParts.map { "\"\($0)\"" }.joined(separator: " AND "))))"
      if !clauses.contains(clause) { clauses.append(clause) }
    }
    return clauses.isEmpty ? nil : clauses.joined(separator: " OR ")
  }

  /// The query's words, without common English words unless nothing else is left.
  static func queryWords(_ query: String) -> [String] {
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
    let meaningful = words.filter { !stopWords.contains($0.lowercased()) }
    return meaningful.isEmpty ? words : meaningful
  }

  // ASCII letters, digits and `_`; other scripts are left to unicode61 in the text column.
  static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
  }

  @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= 65 && byte <= 90 ? byte + 32 : byte
  }

  static func isCompound(_ word: some Collection<UInt8>) -> Bool {
    var sawLower = false
    var upperRun = 0
    for byte in word {
      if byte == 95 { return true }
      if byte >= 97 && byte <= 122 {
        // `HTTPServer`: a run of capitals, then lowercase.
        if upperRun >= 2 { return true }
        sawLower = true
        upperRun = 0
      } else if byte >= 65 && byte <= 90 {
        if sawLower { return true }
        upperRun += 1
      } else {
        upperRun = 0
      }
    }
    return false
  }

  /// Calls `body` with each part (at least two bytes) of a compound identifier, original case.
  static func forEachPart(_ word: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var start = 0
    func emit(_ end: Int) {
      if end - start >= 2 { body(UnsafeBufferPointer(rebasing: word[start..<end])) }
    }
    for offset in 0..<word.count {
      let byte = word[offset]
      if byte == 95 {
        emit(offset)
        start = offset + 1
        continue
      }
      guard byte >= 65 && byte <= 90, offset > start else { continue }
      let previous = word[offset - 1]
      let previousLower = (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57)
      let previousUpper = previous >= 65 && previous <= 90
      let nextLower = offset + 1 < word.count && word[offset + 1] >= 97 && word[offset + 1] <= 122
      if previousLower || (previousUpper && nextLower) {
        emit(offset)
        start = offset
      }
    }
    emit(word.count)
  }

  static func parts(_ word: ArraySlice<UInt8>) -> [String] {
    var result: [String] = []
    Array(word).withUnsafeBufferPointer { buffer in
      forEachPart(buffer) { part in result.append(String(decoding: part.map(lowercased), as: UTF8.self)) }
    }
    return result
  }

  static let stopWords: Set<String> = [
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how",
    "i", "in", "is", "it", "its", "me", "of", "on", "or", "the", "this", "that", "to", "was",
    "what", "when", "where", "which", "who", "why", "with", "we", "you", "there", "get", "use",
  ]
}
