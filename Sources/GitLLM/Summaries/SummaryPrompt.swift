/// The request that asks a model to summarise one source file.
public enum SummaryPrompt {
  /// Longer sources are cut to this many characters, with a note saying so.
  public static let maxCharacters = 48_000

  static let system = """
    You write summaries of source files for the developers of a repository and for a code \
    search index. Be accurate and brief: describe only what the code shows, never guess.
    """

  /// The messages for a source's staged content.
  public static func messages(path: String, text: String) -> [ChatMessage] {
    let language = SummaryLanguage.of(path: path)
    var body = text
    var note = ""
    if body.count > maxCharacters {
      body = String(body.prefix(maxCharacters))
      note = "\n(The file is cut after \(maxCharacters) characters.)"
    }
    let fence = body.contains("```") ? "````" : "```"
    let user = """
      Summarise the \(language.name) file `\(path)` in Markdown, in at most 300 words, with these \
      sections:
      - Purpose: what the file is for, in one or two sentences.
      - Main types and functions: each with one line on what it does.
      - Inputs and outputs: arguments, files, environment, network or data it reads and returns.
      - Side effects: files written, processes started, network calls, global state changed \
      (say "none" when there are none).
      Answer with the Markdown only.\(note)

      \(fence)\(language.fence)
      \(body)
      \(fence)
      """
    return [.system(system), .user(user)]
  }
}
