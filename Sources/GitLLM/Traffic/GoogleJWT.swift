import CCrypto
import Foundation

/// A failure signing or exchanging Google credentials.
public struct GoogleAuthError: Error, CustomStringConvertible, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { "Google auth: \(message)" }

  /// The oldest OpenSSL error on this thread's queue, with its library text.
  static func openSSL(_ what: String) -> GoogleAuthError {
    let code = ERR_get_error()
    ERR_clear_error()
    guard code != 0 else { return GoogleAuthError("\(what) failed") }
    var buffer = [CChar](repeating: 0, count: 256)
    ERR_error_string_n(code, &buffer, buffer.count)
    let text = buffer.withUnsafeBufferPointer { pointer in
      pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
    return GoogleAuthError("\(what) failed: \(text)")
  }
}

/// RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signing with OpenSSL's libcrypto.
enum RS256 {
  /// Signs `message` with a PEM private key (PKCS#8 or PKCS#1).
  static func sign(_ message: Data, privateKeyPEM pem: String) throws -> Data {
    let pemBytes = Array(pem.utf8)
    guard let bio = pemBytes.withUnsafeBytes({ BIO_new_mem_buf($0.baseAddress, Int32($0.count)) })
    else { throw GoogleAuthError.openSSL("BIO_new_mem_buf") }
    defer { BIO_free(bio) }
    guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
      throw GoogleAuthError.openSSL("PEM_read_bio_PrivateKey")
    }
    defer { EVP_PKEY_free(key) }
    guard let context = EVP_MD_CTX_new() else { throw GoogleAuthError.openSSL("EVP_MD_CTX_new") }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else {
      throw GoogleAuthError.openSSL("EVP_DigestSignInit")
    }
    let bytes = Array(message)
    var length = 0
    guard EVP_DigestSign(context, nil, &length, bytes, bytes.count) == 1 else {
      throw GoogleAuthError.openSSL("EVP_DigestSign")
    }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, bytes, bytes.count) == 1 else {
      throw GoogleAuthError.openSSL("EVP_DigestSign")
    }
    return Data(signature.prefix(length))
  }
}

/// The JWT a service account exchanges for an access token (Google's OAuth 2.0 server-to-server flow).
struct ServiceAccountJWT {
  static let scope = "https://www.googleapis.com/auth/pubsub"

  var clientEmail: String
  var privateKeyID: String?
  var tokenURI: String
  var scope = Self.scope

  func signed(privateKeyPEM: String, now: Date = Date()) throws -> String {
    var header: [String: Any] = ["alg": "RS256", "typ": "JWT"]
    if let privateKeyID { header["kid"] = privateKeyID }
    let issued = Int(now.timeIntervalSince1970)
    let claims: [String: Any] = [
      "iss": clientEmail, "scope": scope, "aud": tokenURI, "iat": issued, "exp": issued + 3600,
    ]
    let encode = { (object: [String: Any]) throws -> String in
      try Base64URL.encode(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
    let input = try encode(header) + "." + encode(claims)
    let signature = try RS256.sign(Data(input.utf8), privateKeyPEM: privateKeyPEM)
    return input + "." + Base64URL.encode(signature)
  }
}

enum Base64URL {
  static func encode(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  static func decode(_ text: String) -> Data? {
    var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(
      of: "_", with: "/")
    while base.count % 4 != 0 { base += "=" }
    return Data(base64Encoded: base)
  }
}
