//! Images and figures. Every image outside a heading is written as one `<img>` with the
//! `width` and `height` of its local file (raster sizes from the `imagesize` crate, SVG sizes
//! from the root element's `width`/`height` or `viewBox`), lazy loading and async decoding
//! after the first image of the page. An image alone in its paragraph with a title becomes a
//! `<figure>` whose `<figcaption>` is the title rendered as inline Markdown.

use super::Renderer;
use html_escape::encode_double_quoted_attribute as attr;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

/// The last image written: where it sits in the output and how to write it as a figure.
pub(super) struct ImageOut {
    at: usize,
    /// The `<img>` element without its title attribute.
    bare: String,
    title: String,
}

/// Width and height of a local image file, when they can be read.
pub(crate) fn image_size(path: &Path) -> Option<(u64, u64)> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return svg_size(&std::fs::read_to_string(path).ok()?);
    }
    let size = imagesize::size(path).ok()?;
    Some((size.width as u64, size.height as u64))
}

/// The size an SVG's root element declares: `width` and `height` in pixels (or unitless),
/// else the `viewBox`'s.
fn svg_size(svg: &str) -> Option<(u64, u64)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let value = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(&rest[..rest.find(quote)?])
    };
    let px = |v: &str| {
        let n = v.trim().trim_end_matches("px");
        n.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    let (w, h) = match (value("width").and_then(px), value("height").and_then(px)) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let nums: Vec<f64> = value("viewBox")?
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            match nums[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    Some((w.round() as u64, h.round() as u64))
}

/// `text` (a title) rendered as inline Markdown.
fn inline_markdown(text: &str, smart_punctuation: bool) -> String {
    let mut opts = Options::ENABLE_STRIKETHROUGH;
    if smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(text, opts));
    let html = html.trim_end();
    let html = html.strip_prefix("<p>").unwrap_or(html);
    html.strip_suffix("</p>").unwrap_or(html).to_string()
}

impl<'a> Renderer<'a, '_> {
    /// The file on disk an image's source names: a file beside the page or under `static/`.
    fn image_file(&self, src: &str) -> Option<PathBuf> {
        let site = self.cx.site;
        if let Some(asset) = site.assets.iter().find(|a| {
            a.url_path
                .as_ref()
                .is_some_and(|u| self.cx.index.url_of(u) == src)
        }) {
            return Some(asset.source.clone());
        }
        let base = self.cx.index.url_of("");
        let rel = src.strip_prefix(&base)?;
        // Named even when missing: its size is then recorded as none, and the dev server
        // renders the page again once the file appears.
        Some(site.root.join("static").join(rel))
    }

    /// An image starts (outside headings, outermost only): its events are gathered in the
    /// output and replaced by one `<img>` at its end.
    pub(super) fn start_image(&mut self) {
        if self.image_depth == 1 && self.heading.is_none() {
            self.blocks_state.image_start = Some(self.out.len());
        }
    }

    /// The outermost image ends: its events become one `<img>` element.
    pub(super) fn end_image(&mut self) {
        let Some(at) = self.blocks_state.image_start.take() else {
            return self.emit(Event::End(TagEnd::Image));
        };
        let mut events = self.out.drain(at..);
        let Some(Event::Start(Tag::Image {
            dest_url, title, ..
        })) = events.next()
        else {
            unreachable!("an image's events start with the image");
        };
        let mut alt = String::new();
        for e in events {
            if let Event::Text(t) | Event::Code(t) = e {
                alt.push_str(&t);
            }
        }
        let mut bare = format!("<img src=\"{}\" alt=\"{}\"", attr(&dest_url), attr(&alt));
        if let Some(file) = self.image_file(&dest_url) {
            let size = image_size(&file);
            if let Some((w, h)) = size {
                bare.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
            }
            self.r.image_sizes.push((file, size));
        }
        if self.blocks_state.images > 0 {
            bare.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        self.blocks_state.images += 1;
        let mut html = bare.clone();
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", attr(&title)));
        }
        html.push('>');
        bare.push('>');
        self.blocks_state.last_image = Some(ImageOut {
            at: self.out.len(),
            bare,
            title: title.to_string(),
        });
        self.emit(Event::Html(html.into()));
    }

    /// A paragraph ends: when it held only an image with a title, it becomes a figure.
    /// Returns whether it did.
    pub(super) fn end_figure(&mut self) -> bool {
        let Some(start) = self.blocks_state.para_start.take() else {
            return false;
        };
        let Some(image) = self.blocks_state.last_image.take() else {
            return false;
        };
        let alone = image.at == start + 1 && self.out.len() == start + 2;
        if !alone || image.title.trim().is_empty() || self.heading.is_some() {
            return false;
        }
        let smart = self.cx.site.config.markdown.smart_punctuation;
        let caption = inline_markdown(&image.title, smart);
        self.out[start] = Event::Html("<figure>\n".into());
        self.out[start + 1] = Event::Html(
            format!(
                "{}\n<figcaption>{caption}</figcaption>\n</figure>\n",
                image.bare
            )
            .into(),
        );
        if self.first_para == (Some(start), None) {
            // A figure is no summary: the next paragraph is.
            self.first_para.0 = None;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes() {
        let s = |t: &str| svg_size(t);
        assert_eq!(s(r#"<svg width="640" height="360">"#), Some((640, 360)));
        assert_eq!(s(r#"<svg width='64px' height='36px'>"#), Some((64, 36)));
        assert_eq!(
            s(r#"<?xml?><svg xmlns="x" viewBox="0 0 800 450">"#),
            Some((800, 450))
        );
        assert_eq!(
            s(r#"<svg width="100%" viewBox="0,0,80,45">"#),
            Some((80, 45))
        );
        assert_eq!(s(r#"<svg width="10em" height="3em">"#), None);
        assert_eq!(s("no svg"), None);
    }

    #[test]
    fn captions_are_inline() {
        assert_eq!(inline_markdown("A *chart*", false), "A <em>chart</em>");
        assert_eq!(inline_markdown("Japan's", true), "Japan’s");
    }
}
