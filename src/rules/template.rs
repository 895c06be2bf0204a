//! Message templates: `Dato sin llenar: «{match}»`.
//!
//! Variables are checked when the rule file is compiled, so a misspelled `{sume}` is a
//! rule-file error pointing at the message, not a literal `{sume}` in a finding. `{{` and
//! `}}` stand for literal braces.

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var(String),
}

impl Template {
    /// Parse `text`, accepting only the variables in `vars`.
    ///
    /// # Errors
    /// An unknown variable or an unclosed `{`, with its byte range in `text`.
    pub fn parse(text: &str, vars: &[&str]) -> Result<Self, (String, std::ops::Range<usize>)> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, d)| d) == Some('{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek().map(|&(_, d)| d) == Some('}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let rest = &text[i + 1..];
                    let Some(close) = rest.find('}') else {
                        return Err(("unclosed `{` in template".into(), i..text.len()));
                    };
                    let name = rest[..close].trim();
                    if !vars.contains(&name) {
                        let known = if vars.is_empty() {
                            "this kind has no variables".to_string()
                        } else {
                            format!("known: {}", vars.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(", "))
                        };
                        return Err((format!("unknown variable `{{{name}}}` ({known})"), i..i + close + 2));
                    }
                    if !lit.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut lit)));
                    }
                    parts.push(Part::Var(name.to_string()));
                    // Skip the variable's characters.
                    while let Some(&(j, _)) = chars.peek() {
                        if j > i + close + 1 {
                            break;
                        }
                        chars.next();
                    }
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Text(lit));
        }
        Ok(Self { parts })
    }

    /// A template that is plain text.
    #[must_use]
    pub fn literal(text: &str) -> Self {
        Self { parts: vec![Part::Text(text.to_string())] }
    }

    /// Fill the variables.
    #[must_use]
    pub fn render(&self, value: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var(v) => out.push_str(&value(v)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Template;

    #[test]
    fn renders_known_variables_and_escapes() {
        let t = Template::parse("Dato «{match}» {{x}}", &["match"]).unwrap();
        assert_eq!(t.render(&|_| "XX".into()), "Dato «XX» {x}");
    }

    #[test]
    fn rejects_unknown_variables_with_their_range() {
        let err = Template::parse("suma {sume}", &["sum"]).unwrap_err();
        assert_eq!(err.1, 5..11);
        assert!(err.0.contains("{sum}"));
    }
}
