//! Share previews: the values behind a page's Open Graph and Twitter card tags. The image is
//! the front matter's `image` (a path relative to the page's file, like its other images),
//! else the nearest enclosing section's, else `[extra] default_image` in config (a path under
//! `static/`); it is written as an absolute URL and must exist in the output.

use super::Contexts;
use crate::error::{Diagnostic, Location};
use crate::model::{beside, DocId};
use serde::Serialize;

/// Share-preview values of one page.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, Hash)]
pub struct Share {
    /// `og:locale`, e.g. `en_US`, `ja_JP`.
    pub locale: String,
    /// `og:image` and its alt text, when the page, its section or the site has one.
    pub image: Option<ShareImage>,
}

/// An `og:image`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct ShareImage {
    /// Absolute URL.
    pub url: String,
    /// `og:image:alt`.
    pub alt: String,
}

/// The Open Graph locale of a language tag: `en` → `en_US`, `ja` → `ja_JP`, `en-GB` → `en_GB`.
pub fn og_locale(language: &str) -> String {
    match language {
        "en" => "en_US".into(),
        "ja" => "ja_JP".into(),
        tag => tag.replace('-', "_"),
    }
}

impl Contexts<'_> {
    /// The share values of a document's page (`None`: a generated page).
    pub(super) fn share(&self, doc: Option<DocId>) -> Result<Share, Diagnostic> {
        let site = self.input.site;
        let mut image = None;
        let mut next = doc;
        while let (Some(id), None) = (next, &image) {
            image = self.doc_image(id)?;
            next = site.docs[id].parent.filter(|&p| p != id);
        }
        let image = match image {
            Some(i) => Some(i),
            None => self.default_image()?,
        };
        Ok(Share {
            locale: og_locale(&self.input.index.lang),
            image,
        })
    }

    fn doc_image(&self, id: DocId) -> Result<Option<ShareImage>, Diagnostic> {
        let d = &self.input.site.docs[id];
        let Some(rel) = d.meta.image.as_deref() else {
            return Ok(None);
        };
        let path = beside(&d.content_path, rel);
        let asset = self
            .input
            .site
            .assets
            .iter()
            .find(|a| a.content_path == path);
        let at = d.key_offset("image");
        let url = match asset.map(|a| a.url_path.as_deref()) {
            Some(Some(url)) => url,
            // A file of a bundle whose page has `render = false` is not written.
            Some(None) => {
                let message = format!("share image content/{path} is not copied: the page of its bundle has `render = false`");
                let help = "move the image to static/ or beside a page that is written";
                return Err(d.file.error_at(at, message).with_help(help));
            }
            None => {
                let message = format!("share image not found: content/{path}");
                let help = "`image` is a path relative to the page's file, like its other images";
                return Err(d.file.error_at(at, message).with_help(help));
            }
        };
        let alt = d
            .meta
            .image_alt
            .clone()
            .unwrap_or_else(|| d.meta.title.clone());
        Ok(Some(ShareImage {
            url: self.input.index.permalink_of(url),
            alt,
        }))
    }

    fn default_image(&self) -> Result<Option<ShareImage>, Diagnostic> {
        let site = self.input.site;
        let extra = &site.config.extra;
        let Some(path) = extra.get("default_image").and_then(|v| v.as_str()) else {
            return Ok(None);
        };
        let path = path.trim_start_matches('/');
        if !site.root.join("static").join(path).is_file() {
            return Err(Diagnostic::error(
                Location::file("config.toml"),
                format!("share image not found: static/{path} ([extra] default_image)"),
            )
            .with_help(
                "`default_image` is a path under the site's static/ folder, e.g. `img/share.png`",
            ));
        }
        let alt = extra.get("default_image_alt").and_then(|v| v.as_str());
        Ok(Some(ShareImage {
            url: self.input.index.permalink_of(path),
            alt: alt.unwrap_or(&site.config.title).to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(og_locale("ja"), "ja_JP");
        assert_eq!(og_locale("en-GB"), "en_GB");
    }
}
