// Just enough SQL lexing to find statements and lines in a migration script.
//
// ferry does not parse SQL. It only needs to know where each statement starts,
// to run `-- no-transaction` scripts one statement at a time (PostgreSQL runs a
// multi-statement string as one implicit transaction, which CREATE INDEX
// CONCURRENTLY refuses) and to name the line of a failing statement.
#ifndef FERRY_MIGRATE_SQL_SCRIPT_H_
#define FERRY_MIGRATE_SQL_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

namespace ferry::migrate {

// A statement of a script: [offset, offset + length) in bytes, the text up to and
// including its ';' (or the end of the script). Leading whitespace and comments
// belong to the statement.
struct StatementSpan {
  size_t offset = 0;
  size_t length = 0;
  // Byte offset of the first character that is not whitespace or a comment.
  size_t code_offset = 0;
};

// Splits `sql` at semicolons outside quotes ('…', E'…', "…", $tag$…$tag$) and
// comments (-- …, nested /* … */). Statements holding only whitespace and
// comments are left out. `BEGIN ATOMIC … END` bodies are not recognised.
std::vector<StatementSpan> SplitStatements(std::string_view sql);

// The 1-based line of byte `offset` in `sql`.
int LineOfOffset(std::string_view sql, size_t offset);

// The byte offset of 1-based character `position` (as PostgreSQL reports it,
// counting UTF-8 characters) in `sql`; clamped to sql.size().
size_t ByteOffsetOfCharacter(std::string_view sql, int position);

// The byte offset of the first byte of `text` that is not valid UTF-8 (strict:
// no overlong forms, surrogates or code points past U+10FFFF) or is a NUL, which
// both databases take as the end of the script; npos when there is none.
size_t FirstInvalidUtf8(std::string_view text);

// The text of 1-based `line` of `sql`, without its line ending.
std::string LineText(std::string_view sql, int line);

}  // namespace ferry::migrate

#endif  // FERRY_MIGRATE_SQL_SCRIPT_H_
