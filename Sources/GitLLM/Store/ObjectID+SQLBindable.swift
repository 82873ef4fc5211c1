// Git object ids are stored as their 40-character hex text.
extension ObjectID: SQLBindable {
  public var sqlValue: SQLValue { .text(hex) }
}
