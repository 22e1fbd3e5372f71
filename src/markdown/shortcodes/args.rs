//! The argument list of a shortcode call: `name="x", n=3, on=true, list=["a", 2]`. Strings
//! take double or single quotes (or backticks) with `\` escapes; numbers are integers or
//! decimals; arrays hold any of these.

use super::Problem;
use serde_json::{Map, Number, Value};

/// A position in a tag's text.
pub(super) struct Cursor<'s> {
    s: &'s str,
    pub(super) pos: usize,
}

impl<'s> Cursor<'s> {
    pub(super) fn new(s: &'s str, pos: usize) -> Self {
        Cursor { s, pos }
    }

    pub(super) fn rest(&self) -> &'s str {
        &self.s[self.pos..]
    }

    pub(super) fn skip_ws(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.pos += n;
    }

    pub(super) fn eat(&mut self, c: char) -> bool {
        let ate = self.rest().starts_with(c);
        if ate {
            self.pos += c.len_utf8();
        }
        ate
    }

    pub(super) fn ident(&mut self) -> &'s str {
        let rest = self.rest();
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let starts_well = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let n = if starts_well { n } else { 0 };
        self.pos += n;
        &rest[..n]
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, Problem> {
        Err((self.pos, message.into()))
    }

    /// `name=value` pairs up to and including `)`.
    pub(super) fn args(&mut self) -> Result<Map<String, Value>, Problem> {
        let mut args = Map::new();
        loop {
            self.skip_ws();
            if self.eat(')') {
                return Ok(args);
            }
            let name = self.ident();
            if name.is_empty() {
                return self.fail("expected an argument name or `)`");
            }
            self.skip_ws();
            if !self.eat('=') {
                return self.fail(format!("expected `=` after argument `{name}`"));
            }
            self.skip_ws();
            let value = self.value()?;
            if args.insert(name.to_string(), value).is_some() {
                return self.fail(format!("argument `{name}` is given twice"));
            }
            self.skip_ws();
            if !self.eat(',') && !self.rest().starts_with(')') {
                return self.fail("expected `,` or `)` after an argument");
            }
        }
    }

    fn value(&mut self) -> Result<Value, Problem> {
        let rest = self.rest();
        if let Some(q) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        {
            return self.string(q).map(Value::String);
        }
        if self.eat('[') {
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                if self.eat(']') {
                    return Ok(Value::Array(items));
                }
                items.push(self.value()?);
                self.skip_ws();
                if !self.eat(',') && !self.rest().starts_with(']') {
                    return self.fail("expected `,` or `]` in an array");
                }
            }
        }
        for (word, v) in [("true", Value::Bool(true)), ("false", Value::Bool(false))] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Ok(v);
            }
        }
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
            .unwrap_or(rest.len());
        let number = &rest[..n];
        let parsed = number
            .parse::<i64>()
            .map(Number::from)
            .ok()
            .or_else(|| number.parse::<f64>().ok().and_then(Number::from_f64));
        match parsed {
            Some(num) if !number.is_empty() => {
                self.pos += n;
                Ok(Value::Number(num))
            }
            _ => self.fail("expected a value: a quoted string, a number, true, false or [array]"),
        }
    }

    fn string(&mut self, quote: char) -> Result<String, Problem> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, e)) => out.push(e),
                    None => break,
                },
                c if c == quote => {
                    self.pos += i + 1;
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
        Err((start, "unclosed string".into()))
    }
}
