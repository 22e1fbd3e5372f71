//! The cases of `tests/bad_input.rs`: each a small site broken in one way, the command run on
//! it, the exit code and what its error must say.

pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) files: &'static [(&'static str, &'static str)],
    pub(crate) args: &'static [&'static str],
    pub(crate) code: i32,
    pub(crate) expect: &'static [&'static str],
}

pub(crate) const BASE: &[(&str, &str)] = &[
    ("config.toml", "title = \"Bad input\"\nbase_url = \"/\"\n"),
    ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nHome.\n"),
    ("content/glossary/sdf.md", "+++\ntitle = \"Self-Defense Forces\"\naliases = [\"SDF\"]\nsummary = \"Forces.\"\n+++\n\nThe SDF.\n"),
    ("content/timeline/1954.md", "+++\ntitle = \"SDF founded\"\ndate = \"1954-07-01\"\nterms = [\"sdf\"]\n+++\n\nFounded.\n"),
];

pub(crate) const CASES: &[Case] = &[
    Case {
        name: "unclosed front matter",
        files: &[("content/a.md", "+++\ntitle = \"A\"\n\nBody.\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:1:1: error: front matter opened with `+++` is never closed",
            "help: add a line with just `+++`",
        ],
    },
    Case {
        name: "missing title",
        files: &[("content/a.md", "+++\ndescription = \"x\"\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:1:1: error: missing required front-matter field `title`"],
    },
    Case {
        name: "mistyped field",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:3:10: error: invalid front matter"],
    },
    Case {
        name: "unknown front-matter key",
        files: &[("content/a.md", "+++\ntitle = \"A\"\ndraf = true\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:3:1: error: unknown front-matter key `draf`",
            "did you mean `draft`?",
        ],
    },
    Case {
        name: "malformed TOML",
        files: &[("content/a.md", "+++\ntitle = \"A\"\ntags = [\"x\"\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:3:12: error: invalid TOML front matter: unclosed array"],
    },
    Case {
        name: "malformed YAML",
        files: &[("content/a.md", "---\ntitle: A\ntags: [x\n---\n")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:", "error: invalid YAML front matter"],
    },
    Case {
        name: "empty file",
        files: &[("content/a.md", "")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:1:1: error: missing front matter"],
    },
    Case {
        name: "whitespace-only file",
        files: &[("content/a.md", "\n\n  \n")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:1:1: error: missing front matter"],
    },
    Case {
        name: "duplicate slugs",
        files: &[
            ("content/a.md", "+++\ntitle = \"A\"\nslug = \"same\"\n+++\n"),
            ("content/b.md", "+++\ntitle = \"B\"\nslug = \"same\"\n+++\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &["two sources write the same URL /same/: content/a.md and content/b.md"],
    },
    Case {
        name: "two sources for one URL",
        files: &[
            ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
            ("content/a/index.md", "+++\ntitle = \"A bundle\"\n+++\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &["two sources write the same URL /a/"],
    },
    Case {
        name: "unknown template",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\ntemplate = \"fancy.html\"\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:3:1: error: unknown template `fancy.html`"],
    },
    Case {
        name: "template syntax error",
        files: &[(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["templates/page.html:2:", "error: template syntax error"],
    },
    Case {
        name: "template render error",
        files: &[
            ("templates/page.html", "{{ page.nonexistent.deeper }}"),
            ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &[
            "templates/page.html: error: template error",
            "while rendering content/a.md",
        ],
    },
    Case {
        name: "broken link",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\nSee [b](@/b.md).\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:5:5: error: broken internal link: no file content/b.md"],
    },
    Case {
        name: "broken anchor",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\n## Real\n\nSee [x](#unreal).\n",
        )],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:7:5: error: broken anchor: content/a.md has no heading with id `#unreal`",
        ],
    },
    Case {
        name: "broken image",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\n![x](missing.png)\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:5:1: error: broken image: no file content/missing.png"],
    },
    Case {
        name: "impossible date",
        files: &[(
            "content/timeline/bad.md",
            "+++\ntitle = \"Bad\"\ndate = \"2024-02-30\"\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &[
            "content/timeline/bad.md:3:1: error: invalid `date`",
            "February 2024 has 29 days",
        ],
    },
    Case {
        name: "impossible page date",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\ndate = \"2023-13-01\"\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:3:1: error: invalid `date`", "has no month 13"],
    },
    Case {
        name: "unknown glossary reference",
        files: &[("content/a.md", "+++\ntitle = \"A\"\n+++\n\n[[sfd]]\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:5:1: error: unknown glossary term \"sfd\"",
            "did you mean",
        ],
    },
    Case {
        name: "unknown timeline term",
        files: &[(
            "content/timeline/e.md",
            "+++\ntitle = \"E\"\ndate = \"2000\"\nterms = [\"nope\"]\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/timeline/e.md:4:11: error: unknown glossary term `nope` in `terms`"],
    },
    Case {
        name: "unknown timeline link",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\n[e](@/timeline/1955.md)\n",
        )],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:5:1: error: broken internal link: no file content/timeline/1955.md",
            "did you mean `@/timeline/1954.md`?",
        ],
    },
    Case {
        name: "unknown citation",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n\nClaim [@nobody].\n",
        )],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:5:8: error: unknown citation `[@nobody]`"],
    },
    Case {
        name: "alias on two terms",
        files: &[(
            "content/glossary/other.md",
            "+++\ntitle = \"Other\"\naliases = [\"SDF\"]\nsummary = \"x\"\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &[
            "is used by two terms",
            "content/glossary/sdf.md",
            "content/glossary/other.md",
        ],
    },
    Case {
        name: "term without summary",
        files: &[("content/glossary/x.md", "+++\ntitle = \"X\"\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &["content/glossary/x.md:1:1: error: glossary term is missing its `summary`"],
    },
    Case {
        name: "broken config.toml",
        files: &[("config.toml", "title = \"x\nbase_url = \"/\"\n")],
        args: &["build"],
        code: 1,
        expect: &["config.toml:1:", "error: invalid TOML"],
    },
    Case {
        name: "unknown config key",
        files: &[("config.toml", "title = \"x\"\nbaseurl = \"/\"\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "config.toml:2:1: error: unknown key `baseurl` in config.toml",
            "did you mean `base_url`?",
        ],
    },
    Case {
        name: "output is the site root",
        files: &[],
        args: &["build", "--output", "."],
        code: 2,
        expect: &[
            "refusing to build into",
            "it is the site root or contains it",
        ],
    },
    Case {
        name: "output inside content",
        files: &[],
        args: &["build", "--output", "content/out"],
        code: 2,
        expect: &["refusing to build into", "inside the site's content"],
    },
    Case {
        name: "output is a parent of the root",
        files: &[],
        args: &["build", "--output", ".."],
        code: 2,
        expect: &["refusing to build into"],
    },
    Case {
        name: "unknown command",
        files: &[],
        args: &["bild"],
        code: 2,
        expect: &["unrecognized subcommand"],
    },
    Case {
        // Found by a random-site fuzzer: the page's list of timeline events took the broken
        // event in, and the build panicked before it could report the missing date.
        name: "event without a date linked from a page",
        files: &[
            ("content/timeline/nodate.md", "+++\ntitle = \"E\"\n+++\n"),
            ("content/a.md", "+++\ntitle = \"A\"\n+++\n[e](@/timeline/nodate.md)\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &["content/timeline/nodate.md:1:1: error: timeline event is missing its `date`"],
    },
    Case {
        name: "redirect from no path",
        files: &[("content/a.md", "+++\ntitle = \"A\"\nredirect_from = [\"\", \"/\"]\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:3:18: error: `redirect_from` has \"\", which is not a path under the site",
            "content/a.md:3:23: error: `redirect_from` has \"/\", which is not a path under the site",
            "help: list this page's old URL paths under the base URL",
        ],
    },
    Case {
        name: "redirect outside the site",
        files: &[(
            "content/a.md",
            "+++\ntitle = \"A\"\naliases = [\"../x\", \"a/./b\", \"https://e.org/y\", \"q?x=1\"]\n+++\n",
        )],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:3:13: error: `aliases` has \"../x\", which is not a path",
            "content/a.md:3:21: error: `aliases` has \"a/./b\"",
            "content/a.md:3:30: error: `aliases` has \"https://e.org/y\"",
            "content/a.md:3:49: error: `aliases` has \"q?x=1\"",
        ],
    },
    Case {
        name: "redirect over a page",
        files: &[
            ("content/a.md", "+++\ntitle = \"A\"\nredirect_from = [\"b/\"]\n+++\n"),
            ("content/b.md", "+++\ntitle = \"B\"\n+++\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &[
            "content/a.md:3:19: error: the redirect from \"b/\" would replace content/b.md: both are written at /b/index.html",
        ],
    },
    Case {
        name: "two redirects to one path",
        files: &[
            ("content/a.md", "+++\ntitle = \"A\"\nredirect_from = [\"old/\"]\n+++\n"),
            ("content/c.md", "+++\ntitle = \"C\"\naliases = [\"/old\"]\n+++\n"),
        ],
        args: &["build"],
        code: 1,
        expect: &["content/c.md:3:13: error: two redirects write /old/index.html: \"/old\" here, and one in content/a.md"],
    },
    Case {
        // Found by a random-site fuzzer: the bundle's image was written above the output.
        name: "slug with no letter or digit",
        files: &[
            ("content/p/index.md", "+++\ntitle = \"P\"\nslug = \"!!!\"\n+++\n![a](a.png)\n"),
            ("content/p/a.png", ""),
        ],
        args: &["build"],
        code: 1,
        expect: &[
            "content/p/index.md:3:1: error: `slug` is \"!!!\", which has no letter or digit to make a URL of",
        ],
    },
    Case {
        name: "file name with no letter or digit",
        files: &[("content/notes/!!!.md", "+++\ntitle = \"P\"\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &["content/notes/!!!.md:1:1: error: this file has no URL of its own"],
    },
    Case {
        // The page and the glossary's generated index both went to glossary/index.html: which
        // one the output kept depended on which thread finished last.
        name: "page at a generated page's URL",
        files: &[("content/glossary.md", "+++\ntitle = \"About the glossary\"\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &[
            "content/glossary.md:1:1: error: two pages of the build are written at /glossary/index.html",
        ],
    },
    Case {
        // The redirect was left out without a word.
        name: "redirect at a generated page",
        files: &[("content/a.md", "+++\ntitle = \"A\"\naliases = [\"404.html\"]\n+++\n")],
        args: &["build"],
        code: 1,
        expect: &["content/a.md:3:13: error: two pages of the build are written at /404.html"],
    },
    Case {
        // Found by a random-site fuzzer: the bundle's image went to `a//b/a.png`, an internal
        // "bug" error.
        name: "path with an empty step",
        files: &[
            ("content/p/index.md", "+++\ntitle = \"P\"\npath = \"a//b\"\n+++\n![a](a.png)\n"),
            ("content/p/a.png", ""),
        ],
        args: &["build"],
        code: 1,
        expect: &["content/p/index.md:3:1: error: `path` is \"a//b\", which is not a path under the site"],
    },
];
