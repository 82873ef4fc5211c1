/// Writes a fresh 2048-bit RSA key pair with the openssl CLI: `key.pem` (private, PKCS#8, as in a
/// service-account key) and `pub.pem` (public, for `openssl dgst -verify`).
func writeRSAKeyPair(in scratch: ScratchDirectory) throws {
  try Subprocess.run(
    "/usr/bin/openssl",
    ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", scratch("key.pem")])
  try Subprocess.run(
    "/usr/bin/openssl", ["pkey", "-in", scratch("key.pem"), "-pubout", "-out", scratch("pub.pem")])
}
