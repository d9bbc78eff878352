// Reading PostgreSQL SQL text as pg_dump and pg_restore write it, without
// running it: which bytes are inside a string, a quoted identifier, a
// dollar-quoted body or a comment, and where top-level statements end.
//
// Lexes '…' strings as with standard_conforming_strings on, which pg_dump
// sets ('' is a quote; E'…' also takes backslash escapes), "…" identifiers
// ("" is a quote), $tag$…$tag$ bodies, -- comments to the end of the line and
// /* */ comments (nested). A SQL-standard function body (BEGIN ATOMIC … END)
// holds top-level semicolons: SplitPgStatements cuts it into several pieces,
// which callers that keep the pieces in order put back together unchanged.
// Pure functions, thread-safe.
#ifndef FERRY_CONNECTORS_POSTGRES_PG_SQL_TEXT_H_
#define FERRY_CONNECTORS_POSTGRES_PG_SQL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// `sql` with the same length in bytes: every byte inside a string, quoted
// identifier or dollar-quoted body (the quotes and tags themselves stay) is
// '_', and every byte of a comment is ' ', newlines included. With
// `keep_line_comments`, -- comments stay as they are, so the lines of the
// result are the top-level lines of `sql`, comments and all. What is left is
// the text's top-level shape: a ';' in it ends a statement, a keyword in it is
// a keyword and not part of a name.
std::string MaskPgSql(std::string_view sql, bool keep_line_comments = false);

// The top-level statements of `sql`, each from its first byte that is neither
// blank nor in a comment through its ';' (the last may lack one). Views into `sql`.
std::vector<std::string_view> SplitPgStatements(std::string_view sql);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_POSTGRES_PG_SQL_TEXT_H_
