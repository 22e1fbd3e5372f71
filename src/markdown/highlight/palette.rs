//! The class names of highlighted code and the stylesheet that colours them.
//!
//! A theme's rules can only produce finitely many looks: the foreground is the theme's default or
//! some rule's, the font style the default (none) or some rule's, the background the theme's own
//! (not painted: the block keeps the page's code background) or some rule's. Listing each set in
//! a fixed order numbers every look a theme can produce, from its rules alone. A token's class is
//! its light look's number followed by its dark look's, each in a fixed number of base-36 digits
//! (two for the bundled themes): `<span class="3k0b">`. The name depends only on the two themes,
//! never on which pages use it, so pages rendered in parallel, kept by `serve` or built by another
//! run all agree, and the stylesheet can list every class without seeing the site.
//!
//! The pairs themselves are too many to list (about 48,000 for the default themes), so the
//! stylesheet styles each half: `[class^="3k"]` for the light look, inside
//! `@media (prefers-color-scheme: dark)` `[class$="0b"]` for the dark one: a few hundred rules.

use std::fmt::Write as _;
use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};

/// The themes used when a configured name is not one of syntect's bundled themes.
const FALLBACK: (&str, &str) = ("InspiredGitHub", "base16-ocean.dark");

/// How a token looks in one theme: syntect's style less the theme's own background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Look {
    fg: Color,
    /// A background of its own (one that differs from the theme's).
    bg: Option<Color>,
    font: FontStyle,
}

/// Every look one theme can produce, numbered.
#[derive(Debug)]
pub(crate) struct Palette {
    /// Foregrounds; the theme's default first.
    fgs: Vec<Color>,
    /// Backgrounds; `None` (the theme's own) first.
    bgs: Vec<Option<Color>>,
    /// Font styles; none first.
    fonts: Vec<FontStyle>,
    /// The theme's background (syntect's default when it names none).
    base_bg: Color,
    /// Base-36 digits per look number.
    digits: usize,
}

fn colour_key(c: &Color) -> (u8, u8, u8, u8) {
    (c.r, c.g, c.b, c.a)
}

/// `items` without repeats, sorted, after `first`.
fn numbered<T: Copy + PartialEq, K: Ord>(first: T, items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut rest: Vec<T> = items.into_iter().filter(|x| *x != first).collect();
    rest.sort_by_key(|x| key(x));
    rest.dedup();
    std::iter::once(first).chain(rest).collect()
}

impl Palette {
    /// The looks `theme` can produce (defaults as syntect's `Highlighter::get_default`).
    pub(crate) fn of(theme: &Theme) -> Palette {
        let base_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
        let base_bg = theme.settings.background.unwrap_or(Color::WHITE);
        let rules = theme.scopes.iter().map(|r| r.style);
        let fgs = numbered(
            base_fg,
            rules.clone().filter_map(|s| s.foreground).collect(),
            colour_key,
        );
        let bgs = rules.clone().filter_map(|s| s.background);
        let bgs = bgs.filter(|c| *c != base_bg).map(Some).collect();
        let bgs = numbered(None, bgs, |c| c.as_ref().map(colour_key));
        let fonts = numbered(
            FontStyle::empty(),
            rules.filter_map(|s| s.font_style).collect(),
            |f| f.bits(),
        );
        let count = fgs.len() * bgs.len() * fonts.len();
        let digits = std::iter::successors(Some(36usize), |n| n.checked_mul(36))
            .take_while(|n| *n < count)
            .count()
            + 1;
        Palette {
            fgs,
            bgs,
            fonts,
            base_bg,
            digits,
        }
    }

    /// How syntect's `style` looks on the block.
    pub(crate) fn look(&self, style: Style) -> Look {
        Look {
            fg: style.foreground,
            bg: (style.background != self.base_bg).then_some(style.background),
            font: style.font_style,
        }
    }

    /// The theme's default look (the block's own colour, no span needed).
    pub(crate) fn plain(&self) -> Look {
        Look {
            fg: self.fgs[0],
            bg: None,
            font: FontStyle::empty(),
        }
    }

    fn count(&self) -> usize {
        self.fgs.len() * self.bgs.len() * self.fonts.len()
    }

    /// The number of `look`, if the theme can produce it.
    fn number(&self, look: Look) -> Option<usize> {
        let fg = self.fgs.iter().position(|c| *c == look.fg)?;
        let font = self.fonts.iter().position(|f| *f == look.font)?;
        let bg = self.bgs.iter().position(|c| *c == look.bg)?;
        Some((fg * self.fonts.len() + font) * self.bgs.len() + bg)
    }

    /// The look numbered `n`.
    fn nth(&self, n: usize) -> Look {
        let bg = self.bgs[n % self.bgs.len()];
        let n = n / self.bgs.len();
        let font = self.fonts[n % self.fonts.len()];
        Look {
            fg: self.fgs[n / self.fonts.len()],
            bg,
            font,
        }
    }

    /// Appends `n` in this palette's fixed number of base-36 digits.
    fn push_code(&self, n: usize, out: &mut String) {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let start = out.len();
        let mut n = n;
        for _ in 0..self.digits {
            out.insert(start, char::from(DIGITS[n % 36]));
            n /= 36;
        }
    }
}

/// The light and dark themes with their palettes.
#[derive(Debug)]
pub(crate) struct Themes {
    /// The light theme (the default scheme).
    pub(crate) light: Theme,
    /// The dark theme (`prefers-color-scheme: dark`).
    pub(crate) dark: Theme,
    /// The light theme's looks.
    pub(crate) light_palette: Palette,
    /// The dark theme's looks.
    pub(crate) dark_palette: Palette,
}

/// CSS properties a palette's looks can set beyond the colour, so that the dark scheme can
/// undo what a light rule did.
#[derive(Debug, Clone, Copy)]
struct Props {
    bg: bool,
    bold: bool,
    italic: bool,
    underline: bool,
}

impl Props {
    fn of(p: &Palette) -> Props {
        let any = |flag| p.fonts.iter().any(|f| f.contains(flag));
        Props {
            bg: p.bgs.len() > 1,
            bold: any(FontStyle::BOLD),
            italic: any(FontStyle::ITALIC),
            underline: any(FontStyle::UNDERLINE),
        }
    }

    /// Declarations that put every one of these properties (and the colour) back to the
    /// block's.
    fn reset(self) -> String {
        let mut d = String::from("color:inherit");
        let resets = [
            (self.bold, "font-weight:normal"),
            (self.italic, "font-style:normal"),
            (self.underline, "text-decoration:none"),
            (self.bg, "background-color:transparent"),
        ];
        for (_, r) in resets.iter().filter(|(on, _)| *on) {
            d.push(';');
            d.push_str(r);
        }
        d
    }
}

fn hex(c: Color) -> String {
    if c.a == 0xFF {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// The declarations of `look` where it differs from the theme's default look (`base_fg`, no
/// background, no font style).
fn declarations(look: Look, base_fg: Color) -> String {
    let mut d = Vec::new();
    if look.fg != base_fg {
        d.push(format!("color:{}", hex(look.fg)));
    }
    let font = [
        (FontStyle::BOLD, "font-weight:bold"),
        (FontStyle::ITALIC, "font-style:italic"),
        (FontStyle::UNDERLINE, "text-decoration:underline"),
    ];
    for (flag, decl) in font {
        if look.font.contains(flag) {
            d.push(decl.to_string());
        }
    }
    if let Some(bg) = look.bg {
        d.push(format!("background-color:{}", hex(bg)));
    }
    d.join(";")
}

impl Themes {
    /// syntect's bundled themes named `light` and `dark`; an unknown name falls back to the
    /// default theme for its scheme.
    pub(crate) fn load(light: &str, dark: &str) -> Themes {
        let set = ThemeSet::load_defaults().themes;
        let pick = |name: &str, fallback: &str| {
            set.get(name)
                .or_else(|| set.get(fallback))
                .cloned()
                .expect("syntect bundles the fallback themes")
        };
        let (light, dark) = (pick(light, FALLBACK.0), pick(dark, FALLBACK.1));
        Themes {
            light_palette: Palette::of(&light),
            dark_palette: Palette::of(&dark),
            light,
            dark,
        }
    }

    /// Appends the class for a token that looks `light` and `dark`; `false` (nothing appended)
    /// when a palette cannot name its look.
    pub(crate) fn push_class(&self, light: Look, dark: Look, out: &mut String) -> bool {
        let (Some(l), Some(d)) = (
            self.light_palette.number(light),
            self.dark_palette.number(dark),
        ) else {
            return false;
        };
        self.light_palette.push_code(l, out);
        self.dark_palette.push_code(d, out);
        true
    }

    /// The stylesheet: a rule per look, light by default and dark under
    /// `prefers-color-scheme: dark`. The block keeps the page's colours: text in a theme's
    /// default foreground shows in the page's text colour, as it did with syntect's classed
    /// HTML (whose `.code` rule matched no element of ours).
    pub(crate) fn stylesheet(&self) -> String {
        let (lp, dp) = (&self.light_palette, &self.dark_palette);
        let mut css = String::from(
            "/* generated by kaisetsu from syntect themes: a span's class is its light look's \
             number then its dark look's */\n",
        );
        push_rules(&mut css, lp, "^=");
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        // Same specificity as the light rules and later: undoes them, then the dark look.
        let _ = writeln!(css, ".code span[class]{{{}}}", Props::of(lp).reset());
        push_rules(&mut css, dp, "$=");
        css.push_str("}\n");
        css
    }
}

/// One rule per look of `palette` but the default (number 0), matching the class with `op`
/// (`^=` prefix for light, `$=` suffix for dark).
fn push_rules(css: &mut String, palette: &Palette, op: &str) {
    for n in 1..palette.count() {
        let mut code = String::new();
        palette.push_code(n, &mut code);
        let decl = declarations(palette.nth(n), palette.fgs[0]);
        let _ = writeln!(css, ".code span[class{op}\"{code}\"]{{{decl}}}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_look_has_a_distinct_fixed_width_code_that_names_it_back() {
        let themes = Themes::load("InspiredGitHub", "base16-ocean.dark");
        for p in [&themes.light_palette, &themes.dark_palette] {
            let mut seen = std::collections::HashSet::new();
            for n in 0..p.count() {
                let mut code = String::new();
                p.push_code(n, &mut code);
                assert_eq!(code.len(), p.digits);
                assert!(seen.insert(code), "code of {n} repeated");
                assert_eq!(p.number(p.nth(n)), Some(n));
            }
            assert_eq!(p.number(p.plain()), Some(0));
        }
        assert_eq!(
            (themes.light_palette.digits, themes.dark_palette.digits),
            (2, 2)
        );
    }

    #[test]
    fn unknown_theme_names_fall_back_to_the_defaults() {
        let themes = Themes::load("no such theme", "nor this");
        assert_eq!(themes.light.name.as_deref(), Some("GitHub"));
        assert_eq!(themes.dark.name.as_deref(), Some("Base16 Ocean Dark"));
    }
}
