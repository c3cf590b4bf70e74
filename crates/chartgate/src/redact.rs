//! Database and Redis URLs may carry a password; this is how the binary
//! shows them.

/// `text` with the password of every `scheme://user:password@host` URL in it
/// replaced by `***`, as is the value of every `password=` parameter: for a
/// URL alone, or for a message that quotes one.
///
/// The user info is taken to run to the last `@` before any whitespace or
/// quote, so a password holding a `/` or an `@` is hidden whole; a stray `@`
/// later in a URL hides more than the password, never less.
pub fn redact_url(text: &str) -> String {
    hide_password_params(&hide_user_passwords(text))
}

/// Where a URL (or a parameter value) ends inside free text.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`')
}

fn hide_user_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        let word = &tail[..tail.find(ends_word).unwrap_or(tail.len())];
        rest = match word.rsplit_once('@').and_then(|(userinfo, _)| userinfo.split_once(':')) {
            Some((user, password)) => {
                out.push_str(user);
                out.push_str(":***");
                &tail[user.len() + 1 + password.len()..]
            }
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

fn hide_password_params(text: &str) -> String {
    const KEY: &str = "password=";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.to_ascii_lowercase().find(KEY) {
        let (head, tail) = rest.split_at(at + KEY.len());
        out.push_str(head);
        let quoted = tail.strip_prefix('\'').map(|q| q.find('\'').map_or(tail.len(), |end| end + 2));
        let end = quoted.unwrap_or_else(|| tail.find(|c| ends_word(c) || c == '&').unwrap_or(tail.len()));
        if end > 0 {
            out.push_str("***");
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_in_the_user_info_or_a_parameter_is_replaced_and_the_rest_is_kept() {
        let cases = [
            ("postgres://u:secret@host/db", "postgres://u:***@host/db"),
            (
                "postgresql://u:s%40c@db.example:6543/cg?sslmode=disable",
                "postgresql://u:***@db.example:6543/cg?sslmode=disable",
            ),
            ("redis://:secret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0"),
            ("postgres://u:pa/ss@host/db", "postgres://u:***@host/db"),
            ("redis://:p@ss:w@host/0", "redis://:***@host/0"),
            ("postgres://u@h/db?password=secret&sslmode=disable", "postgres://u@h/db?password=***&sslmode=disable"),
            ("host=h PASSWORD=secret user=u", "host=h PASSWORD=*** user=u"),
            ("host=h password='se cret' user=u", "host=h password=*** user=u"),
        ];
        for (text, shown) in cases {
            assert_eq!(redact_url(text), shown, "{text}");
        }
    }

    #[test]
    fn urls_and_paths_without_a_password_are_unchanged() {
        for text in
            ["chartgate.db", "sqlite:///var/cg.db", "postgres://root@127.0.0.1:5432/test", "redis://cache:6379", ""]
        {
            assert_eq!(redact_url(text), text);
        }
    }

    #[test]
    fn every_url_in_a_message_is_redacted() {
        let message = "cannot open database mysql://u:one@h/db: cannot open SQLite database \"mysql://u:two@h/db\"";
        let shown = redact_url(message);
        assert!(!shown.contains("one") && !shown.contains("two"), "{shown}");
        assert_eq!(shown.matches("u:***@h/db").count(), 2, "{shown}");
    }
}
