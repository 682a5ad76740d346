/* test-text.c — tests for gleaner_text_from_latex (), gleaner_text_collapse_whitespace () and
 * gleaner_uri_is_web ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include <string.h>

#include "gleaner-text.h"
#include "gleaner-uri.h"
#include "gleaner-test-util.h"

#define NBSP "\xc2\xa0"

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;
} Case;

static const Case cases[] = {
  /* The real titles of the fixtures, byte for byte. */
  { "title/chi2", "Solitons near avoided mode crossing in $χ^{(2)}$ nanowaveguides",
    "Solitons near avoided mode crossing in χ⁽²⁾ nanowaveguides" },
  { "title/z-pole", "Discovering heavy neutrino-antineutrino oscillations at the $Z$-pole",
    "Discovering heavy neutrino-antineutrino oscillations at the Z-pole" },
  { "title/lambda",
    "$λ$-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion Models by Leveraging CLIP "
    "Latent Space",
    "λ-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion Models by Leveraging CLIP "
    "Latent Space" },
  { "title/ampersand",
    "Task Difficulty Aware Parameter Allocation & Regularization for Lifelong Learning",
    "Task Difficulty Aware Parameter Allocation & Regularization for Lifelong Learning" },
  { "title/nonlinear", "Nonlinear optical $χ^{(2)}$ response of $Z$-cut crystals at $λ$ = 1550 nm",
    "Nonlinear optical χ⁽²⁾ response of Z-cut crystals at λ = 1550 nm" },

  /* Math delimiters. */
  { "math/letter", "$Z$", "Z" },
  { "math/greek-literal", "$λ$", "λ" },
  { "math/chi2", "$χ^{(2)}$", "χ⁽²⁾" },
  { "math/two-spans", "$a$ and $b$", "a and b" },
  { "math/spaces-kept", "$a + b = c$", "a + b = c" },
  { "math/loose", "Let $ x^2 $ be", "Let x² be" },
  { "math/display", "$$E = mc^2$$", "E = mc²" },
  { "math/paren", "\\(a_0\\)", "a₀" },
  { "math/bracket", "\\[x^2\\]", "x²" },
  { "math/tilde-is-space", "$a~b$", "a b" },
  { "math/dashes-kept", "$a--b$", "a--b" },
  { "math/prime", "$f'(x)$", "f′(x)" },
  { "math/in-word", "the $Z$-pole", "the Z-pole" },

  /* Super- and subscripts. */
  { "script/sub-digit", "$x_1$", "x₁" },
  { "script/sup-in-parens", "$O(n^2)$", "O(n²)" },
  { "script/sup-negative", "$10^{-3}$", "10⁻³" },
  { "script/one-token", "$x^10$", "x¹0" },
  { "script/sub-letters", "$x_{ij}$", "xᵢⱼ" },
  { "script/sup-letters", "$2^{nd}$", "2ⁿᵈ" },
  { "script/sup-expression", "$x^{n+1}$", "xⁿ⁺¹" },
  { "script/sup-i-n", "$e^{in}$", "eⁱⁿ" },
  { "script/sup-equals", "$x^{=}$", "x⁼" },
  { "script/sub-expression", "$a_{(k-1)}$", "a₍ₖ₋₁₎" },
  { "script/transpose-letter", "$W^T$", "Wᵀ" },
  { "script/transpose-top", "$A^\\top$", "Aᵀ" },
  { "script/degree", "$90^\\circ$", "90°" },
  { "script/prime-command", "$f^\\prime$", "f′" },
  { "script/star", "$x^*$", "x*" },
  { "script/greek-sup", "$x^\\alpha$", "xᵅ" },
  { "script/greek-sub", "$\\sigma_\\beta$", "σᵦ" },
  { "script/spaces", "$x^{ 2 }$", "x²" },
  { "script/space-before", "$x^ 2$", "x²" },
  { "script/text-arg", "$x_{\\text{max}}$", "xₘₐₓ" },
  { "script/font-arg", "$x^\\mathrm{T}$", "xᵀ" },
  { "script/fallback-single", "$x^Q$", "x^Q" },
  { "script/fallback-greek", "$x_\\alpha$", "x_α" },
  { "script/fallback-group", "$e^{-x/2}$", "e^(-x/2)" },
  { "script/fallback-comma", "$x_{i,j}$", "x_(i,j)" },
  { "script/fallback-uppercase", "$D_{KL}$", "D_(KL)" },
  { "script/fallback-nested", "$e^{x^2}$", "e^(x²)" },
  { "script/empty", "$x^{}$", "x" },
  { "script/at-end", "$x^$", "x^" },
  { "script/sub-at-end", "$x_$", "x_" },
  { "script/double", "$x^^2$", "x^²" },

  /* Outside math: Hugging Face abstracts lose their dollars and sometimes their backslashes. */
  { "text-script/sup-digit", "O(d^2) to O(d)", "O(d²) to O(d)" },
  { "text-script/sup-group", "rates exceeding 10^{-6} M_{odot} yr^{-1}",
    "rates exceeding 10⁻⁶ M_{odot} yr⁻¹" },
  { "text-script/sup-letter", "L^2([0,1]^d) spaces", "L²([0,1]ᵈ) spaces" },
  { "text-script/sup-word", "a residual matrix W^{res}", "a residual matrix Wʳᵉˢ" },
  { "text-script/sup-signed", "10^-3 and 10^+3", "10⁻³ and 10⁺³" },
  { "text-script/sub-group", "weights W_{ij} here", "weights Wᵢⱼ here" },
  { "text-script/sub-unmapped", "x_{abc}", "x_{abc}" },
  { "text-script/lost-command", "space of R^{mtimes n} and f_{rm ov}=0.010",
    "space of R^{mtimes n} and f_{rm ov}=0.010" },
  { "text-script/empty-group", "x^{} y", "x^{} y" },
  { "text-script/snake-case", "rl_reach packs f_theta and eta_p",
    "rl_reach packs f_theta and eta_p" },
  { "text-script/sup-word-kept", "ell_1^pm and e^+e^- pairs", "ell_1^pm and e^+e^- pairs" },
  { "text-script/emoticon", "^_^ and a ^ b", "^_^ and a ^ b" },
  { "text-script/trailing", "x^", "x^" },
  { "text-script/lost-backslash", "mathcal{O}(epsilon^{-3}) and 1/text{depth}",
    "mathcal{O}(epsilon⁻³) and 1/text{depth}" },

  /* Lone dollars stay. */
  { "dollar/lone", "costs $5", "costs $5" },
  { "dollar/currency-pair", "between $5 and $10 each", "between $5 and $10 each" },
  { "dollar/currency-range", "from $5-$10", "from $5-$10" },
  { "dollar/unterminated", "$x + y", "$x + y" },
  { "dollar/trailing", "price: $", "price: $" },
  { "dollar/alone", "$", "$" },
  { "dollar/double-alone", "$$", "$$" },
  { "dollar/four", "$$$$", "$$$$" },
  { "dollar/unterminated-display", "$$x", "$$x" },
  { "dollar/escaped", "\\$5 and \\$10", "$5 and $10" },
  { "dollar/unterminated-paren", "\\(x", "\\(x" },
  { "dollar/unterminated-bracket", "a \\[x", "a \\[x" },

  /* Greek letters. */
  { "greek/lower",
    "$\\alpha, \\beta, \\gamma, \\delta, \\epsilon, \\varepsilon, \\zeta, \\eta, \\theta, "
    "\\vartheta, \\iota, \\kappa, \\lambda, \\mu, \\nu, \\xi, \\pi, \\rho, \\sigma, \\tau, "
    "\\upsilon, \\phi, \\varphi, \\chi, \\psi, \\omega$",
    "α, β, γ, δ, ϵ, ε, ζ, η, θ, ϑ, ι, κ, λ, μ, ν, ξ, π, ρ, σ, τ, υ, ϕ, φ, χ, ψ, ω" },
  { "greek/upper",
    "$\\Gamma, \\Delta, \\Theta, \\Lambda, \\Xi, \\Pi, \\Sigma, \\Upsilon, \\Phi, \\Psi, \\Omega$",
    "Γ, Δ, Θ, Λ, Ξ, Π, Σ, Υ, Φ, Ψ, Ω" },
  { "greek/adjacent", "$\\alpha\\beta$", "αβ" },
  { "greek/outside-math", "\\Delta \\phi < 0", "Δ ϕ < 0" },
  { "greek/digit-after", "$\\alpha2$", "α2" },
  { "greek/longer-name-unknown", "$\\alphabet$", "\\alphabet" },

  /* Double-struck letters. */
  { "mathbb/R", "$\\mathbb{R}$", "ℝ" },
  { "mathbb/NZQC", "$\\mathbb{N}, \\mathbb{Z}, \\mathbb{Q}, \\mathbb{C}$", "ℕ, ℤ, ℚ, ℂ" },
  { "mathbb/unbraced", "$\\mathbb R^n$", "ℝⁿ" },
  { "mathbb/E", "$\\mathbb{E}[X]$", "𝔼[X]" },
  { "mathbb/unmapped", "$\\mathbb{R+}$", "R+" },

  /* Escapes, spacing and dots. */
  { "escape/all", "50\\% \\& 3\\_4 \\#1 \\$5", "50% & 3_4 #1 $5" },
  { "escape/braces", "$\\{x\\}$", "{x}" },
  { "escape/dots", "a, b, \\ldots, z and \\dots", "a, b, …, z and …" },
  { "escape/linebreak", "first\\\\second", "first second" },
  { "escape/thin-space", "$0.1\\,\\mathrm{M}$", "0.1 M" },
  { "escape/negative-space", "$a\\!b$", "ab" },
  { "escape/control-space", "\\LaTeX\\ is", "LaTeX is" },
  { "escape/latex-empty-group", "\\LaTeX{} rocks", "LaTeX rocks" },
  { "escape/log", "$O(n \\log n)$", "O(n log n)" },

  /* Font commands keep their argument. */
  { "font/textbf", "\\textbf{bold} and \\emph{this}", "bold and this" },
  { "font/textit", "\\textit{italic}", "italic" },
  { "font/space-before-brace", "\\textbf {x}", "x" },
  { "font/mathcal", "$\\mathcal{L}$", "L" },
  { "font/mathcal-O", "$\\mathcal{O}(n)$", "O(n)" },
  { "font/mathrm", "$\\mathrm{KL}(p\\|q)$", "KL(p‖q)" },
  { "font/mathbf", "$\\mathbf{x}$", "x" },
  { "font/text", "$\\text{if } x > 0$", "if x > 0" },
  { "font/text-dashes", "$\\text{a--b}$", "a–b" },
  { "font/operatorname", "$\\operatorname{softmax}(z)$", "softmax(z)" },
  { "font/operatorname-star", "$\\operatorname*{arg\\,max}_x$", "arg maxₓ" },
  { "font/textsc", "superiority of \\textsc{FuseChat-7B} across",
    "superiority of FuseChat-7B across" },
  { "font/em-declaration", "such descriptors is {\\em persistent homology}, which",
    "such descriptors is persistent homology, which" },
  { "font/missing-argument", "\\textbf", "\\textbf" },

  /* Other commands. */
  { "command/sqrt", "$\\sqrt{2}$", "√2" },
  { "command/sqrt-expression", "$\\sqrt{x+1}$", "√(x+1)" },
  { "command/sqrt-cube", "$\\sqrt[3]{x}$", "∛x" },
  { "command/sqrt-index", "$\\sqrt[n]{x}$", "ⁿ√x" },
  { "command/sqrt-alone", "$\\sqrt$", "√" },
  { "command/sqrt-subscript", "$\\sqrt{d_k}$", "√dₖ" },
  { "command/frac", "$\\frac{1}{2}$", "1/2" },
  { "command/frac-expression", "$\\frac{a+b}{c}$", "(a+b)/c" },
  { "command/frac-unbraced", "$\\frac12$", "1/2" },
  { "command/frac-missing", "$\\frac$", "\\frac" },
  { "command/hat", "$\\hat{y}$", "ŷ" },
  { "command/hat-greek", "$\\hat{\\theta}$", "θ\u0302" },
  { "command/bar", "$\\bar{x}$", "x\u0304" },
  { "command/vec", "$\\vec{v}$", "v\u20d7" },
  { "command/overline", "$\\overline{AB}$", "A\u0305B\u0305" },
  { "command/not-in", "$x \\not\\in A$", "x ∉ A" },
  { "command/not-equal", "$a \\not= b$", "a ≠ b" },
  { "command/left-right", "$\\left( x \\right)$", "( x )" },
  { "command/left-brace-right-dot", "$\\left\\{ a \\right.$", "{ a" },
  { "command/url", "code at \\url{https://x.org/a_b~c} now", "code at https://x.org/a_b~c now" },
  { "command/href", "\\href{https://x.org}{the site}", "the site (https://x.org)" },

  /* Accents, composed to single code points (NFC). */
  { "accent/acute", "\\'e", "\u00e9" },
  { "accent/umlaut", "\\\"o", "\u00f6" },
  { "accent/grave", "\\`a", "\u00e0" },
  { "accent/circumflex", "\\^o", "\u00f4" },
  { "accent/tilde", "\\~n", "\u00f1" },
  { "accent/cedilla", "\\c{c}", "\u00e7" },
  { "accent/cedilla-space", "Fran\\c cais", "Fran\u00e7ais" },
  { "accent/caron", "\\v{s}", "\u0161" },
  { "accent/breve", "\\u{a}", "\u0103" },
  { "accent/macron", "\\=a", "\u0101" },
  { "accent/dot", "\\.z", "\u017c" },
  { "accent/double-acute", "Erd\\H{o}s", "Erd\u0151s" },
  { "accent/ogonek", "\\k{a}", "\u0105" },
  { "accent/ring", "\\r{a}", "\u00e5" },
  { "accent/braced-argument", "\\'{e}", "\u00e9" },
  { "accent/braced-group", "{\\'e}", "\u00e9" },
  { "accent/dotless-i", "na\\\"{\\i}ve", "na\u00efve" },
  { "accent/dotless-i-unbraced", "\\'\\i", "\u00ed" },
  { "accent/in-word", "Schr\\\"odinger", "Schr\u00f6dinger" },
  { "accent/group-in-word", "Fr{\\'e}chet", "Fr\u00e9chet" },
  { "accent/poincare", "the Poincar\\'e ball", "the Poincar\u00e9 ball" },
  { "accent/braced-umlaut", "ans\\\"{a}tze", "ans\u00e4tze" },
  { "accent/capital", "\\'Etienne", "\u00c9tienne" },
  { "accent/no-precomposed", "\\'x", "x\u0301" },
  { "accent/empty", "\\'{}", "\\'{}" },
  { "accent/two-letters", "\\'{ab}", "\\'{ab}" },
  { "accent/at-end", "e\\'", "e\\'" },
  { "letter/o-slash", "{\\o}re", "\u00f8re" },
  { "letter/sharp-s", "Stra\\ss{}e", "Stra\u00dfe" },
  { "letter/l-stroke", "\\L{}\\'od\\'z", "\u0141\u00f3d\u017a" },

  /* Text ligatures. */
  { "text/en-dash", "a--b", "a–b" },
  { "text/em-dash", "a---b", "a—b" },
  { "text/page-range", "pages 10--20", "pages 10–20" },
  { "text/hyphen", "state-of-the-art", "state-of-the-art" },
  { "text/four-hyphens", "a----b", "a—-b" },
  { "text/tie", "Fig.~1", "Fig." NBSP "1" },
  { "text/tie-name", "Gemma~2 compared", "Gemma" NBSP "2 compared" },
  { "text/tie-in-address", "see https://example.org/~user/page",
    "see https://example.org/~user/page" },
  { "text/quotes", "``quoted''", "“quoted”" },
  { "text/single-quotes", "it's `code'", "it's `code'" },

  /* Whitespace. */
  { "space/fold", "  a\n  b\t\tc  ", "a b c" },
  { "space/hard-wraps", "line one\nline two\r\nline three", "line one line two line three" },
  { "space/only", "\n\t ", "" },
  { "space/empty", "", "" },
  { "space/around-math", "a  $x$\n b", "a x b" },
  { "space/nbsp-kept", "a" NBSP " b", "a" NBSP " b" },
  { "space/line-separators", "one\u2028two\u2029three\xc2\x85" "four", "one two three four" },

  /* Unknown things stay exactly as typed. */
  { "unknown/command-group", "\\foo{x}", "\\foo{x}" },
  { "unknown/command", "\\foo bar", "\\foo bar" },
  { "unknown/command-groups", "\\foo{a}{b} c", "\\foo{a}{b} c" },
  { "unknown/command-space-group", "\\foo {x y}", "\\foo {x y}" },
  { "unknown/cite", "as in \\cite{smith2020}, we", "as in \\cite{smith2020}, we" },
  { "unknown/in-math", "$\\foo{x}$", "\\foo{x}" },
  { "unknown/environment", "\\begin{equation}", "\\begin{equation}" },
  { "unknown/macro", "\\model models and \\Msun", "\\model models and \\Msun" },
  { "unknown/control-symbol", "\\+", "\\+" },
  { "unknown/non-ascii", "\\é", "\\é" },
  { "unknown/trailing-backslash", "abc\\", "abc\\" },
  { "unknown/backslash-alone", "\\", "\\" },
  { "braces/unbalanced-open", "{unbalanced", "{unbalanced" },
  { "braces/unbalanced-close", "Cooperation} leverages", "Cooperation} leverages" },
  { "braces/group", "{a}", "a" },
  { "braces/capital", "{B}ayesian", "Bayesian" },
  { "braces/sentence", "{In contrast to DMs, our framework.}",
    "In contrast to DMs, our framework." },
  { "braces/math-grouping", "$|Params(M){-}Params(m)|{<}\\Delta$", "|Params(M)-Params(m)|<Δ" },
  { "braces/after-word", "TangleNAS-527C{here}", "TangleNAS-527C{here}" },

  /* Markup is text. */
  { "markup/tags", "<b>Bold</b> & <i>x</i>", "<b>Bold</b> & <i>x</i>" },
  { "markup/entity", "&amp; &lt;tag&gt;", "&amp; &lt;tag&gt;" },
  { "markup/in-math", "$a<b$ &lt;", "a<b &lt;" },
  { "markup/escaped-ampersand", "encoder\\&decoder", "encoder&decoder" },
};

typedef struct
{
  const char *command;
  const char *expected;
} Symbol;

/* Each is tried as "$\command$" and as "\command" in text. */
static const Symbol symbols[] = {
  { "infty", "∞" }, { "leq", "≤" }, { "le", "≤" }, { "geq", "≥" }, { "ge", "≥" },
  { "neq", "≠" }, { "ne", "≠" }, { "approx", "≈" }, { "sim", "∼" }, { "times", "×" },
  { "cdot", "·" }, { "pm", "±" }, { "to", "→" }, { "rightarrow", "→" }, { "leftarrow", "←" },
  { "Rightarrow", "⇒" }, { "in", "∈" }, { "sum", "∑" }, { "prod", "∏" }, { "partial", "∂" },
  { "nabla", "∇" }, { "surd", "√" }, { "ell", "ℓ" }, { "ldots", "…" }, { "dots", "…" },
  { "varepsilon", "ε" }, { "vartheta", "ϑ" }, { "varphi", "φ" }, { "lambda", "λ" },
  { "omega", "ω" }, { "Omega", "Ω" }, { "Gamma", "Γ" }, { "forall", "∀" }, { "exists", "∃" },
  { "subseteq", "⊆" }, { "cup", "∪" }, { "cap", "∩" }, { "emptyset", "∅" }, { "propto", "∝" },
  { "equiv", "≡" }, { "ll", "≪" }, { "gg", "≫" }, { "lesssim", "≲" }, { "gtrsim", "≳" },
  { "langle", "⟨" }, { "rangle", "⟩" }, { "mapsto", "↦" }, { "otimes", "⊗" }, { "oplus", "⊕" },
  { "int", "∫" }, { "hbar", "ℏ" }, { "circ", "∘" }, { "perp", "⊥" }, { "cdots", "⋯" },
};

/* Plain text must come back unchanged. */
static const char * const plain_texts[] = {
  "Large language models are few-shot learners.",
  "We release code at https://github.com/org/repo_name (MIT license).",
  "Accuracy improves by 12.5% on GSM8K; see Table 3.",
  "C++ and Rust: a comparison of memory safety (2024)",
  "Don't stop pretraining: adapt language models to domains and tasks",
  "5 < 7 && 7 > 5 <b>tags</b> &amp; entities \"quoted\"",
  "Ünïcödé text: 日本語, emoji 🎉, Ελληνικά, Fréchet, naïve",
  "snake_case_identifier and file.name.py",
  "GPT-4o mini: A/B testing, e.g. (i) and [ii]",
  "Task Difficulty Aware Parameter Allocation & Regularization for Lifelong Learning",
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *result = gleaner_text_from_latex (c->input);

  g_assert_nonnull (result);
  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_cmpstr (result, ==, c->expected);
}

static void
test_symbol (gconstpointer data)
{
  const Symbol *sym = data;
  g_autofree char *math = g_strdup_printf ("$\\%s$", sym->command);
  g_autofree char *text = g_strdup_printf ("a \\%s b", sym->command);
  g_autofree char *text_expected = g_strdup_printf ("a %s b", sym->expected);
  g_autofree char *math_result = gleaner_text_from_latex (math);
  g_autofree char *text_result = gleaner_text_from_latex (text);

  g_assert_cmpstr (math_result, ==, sym->expected);
  g_assert_cmpstr (text_result, ==, text_expected);
}

static void
test_null (void)
{
  g_assert_null (gleaner_text_from_latex (NULL));
}

static void
test_plain_unchanged (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (plain_texts); i++)
    {
      g_autofree char *once = gleaner_text_from_latex (plain_texts[i]);
      g_autofree char *twice = gleaner_text_from_latex (once);

      g_assert_cmpstr (once, ==, plain_texts[i]);
      g_assert_cmpstr (twice, ==, plain_texts[i]);
    }
}

/* Converting what came out again changes nothing, for outputs that hold no LaTeX of their own. */
static void
test_idempotent (void)
{
  static const char * const inputs[] = {
    "Solitons near avoided mode crossing in $χ^{(2)}$ nanowaveguides",
    "$λ$-ECLIPSE: Multi-Concept Personalized Text-to-Image Diffusion Models",
    "An $O(n^2)$ algorithm for $\\ell_1$ regression with $\\alpha$--stable noise",
    "Fr\\'echet means in $\\mathbb{R}^d$, Fig.~2, ``quoted'' and 90\\%",
    "$e^{-x/2}$ and $D_{KL}$ and $x^Q$ and $\\sqrt{x+1}$",
    "\\foo{x} and {unbalanced and \\cite{a}",
    "rates exceeding 10^{-6} M_{odot} yr^{-1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *once = gleaner_text_from_latex (inputs[i]);
      g_autofree char *twice = gleaner_text_from_latex (once);

      g_assert_cmpstr (twice, ==, once);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *result = gleaner_text_from_latex ("\xff\xfe abc $\xc3$ \\'\xc3 \xe2\x82");

  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_nonnull (strstr (result, "abc"));
}

static char *
repeat (const char *piece,
        gsize       times)
{
  GString *str = g_string_sized_new (strlen (piece) * times + 1);

  for (gsize i = 0; i < times; i++)
    g_string_append (str, piece);

  return g_string_free (str, FALSE);
}

/* Converts @input and checks the result is sane. Speed is measured in bench/, not asserted
 * here; a quadratic pass over a megabyte would still run into the test's timeout. */
static char *
convert_timed (const char *input,
               double      max_seconds)
{
  gint64 start = g_get_monotonic_time ();
  char *result = gleaner_text_from_latex (input);
  double seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_test_message ("%zu bytes in %.4f s", strlen (input), seconds);
  g_assert_nonnull (result);
  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_cmpuint (strlen (result), <=, 4 * strlen (input) + 64);
  (void) max_seconds;

  return result;
}

#define MEGABYTE (1024 * 1024)

static void
test_hostile_unbalanced (void)
{
  g_autofree char *opens = repeat ("{", MEGABYTE);
  g_autofree char *closes = repeat ("}", MEGABYTE);
  g_autofree char *open_result = convert_timed (opens, 2.0);
  g_autofree char *close_result = convert_timed (closes, 2.0);

  g_assert_cmpstr (open_result, ==, opens);
  g_assert_cmpstr (close_result, ==, closes);
}

static void
test_hostile_nesting (void)
{
  g_autofree char *opens = repeat ("{", 200000);
  g_autofree char *closes = repeat ("}", 200000);
  g_autofree char *nested = g_strconcat (opens, "x\\'e", closes, NULL);
  g_autofree char *nested_result = convert_timed (nested, 2.0);
  g_autofree char *scripts_open = repeat ("^{", 100000);
  g_autofree char *scripts = g_strconcat ("$x", scripts_open, "2", closes + 100000, "$", NULL);
  g_autofree char *scripts_result = convert_timed (scripts, 2.0);
  g_autofree char *accents = repeat ("\\'", 100000);
  g_autofree char *accents_e = g_strconcat (accents, "e", NULL);
  g_autofree char *accents_result = convert_timed (accents_e, 2.0);
  g_autofree char *fracs_open = repeat ("\\frac{", 100000);
  g_autofree char *fracs = g_strconcat ("$", fracs_open, closes + 100000, "$", NULL);
  g_autofree char *fracs_result = convert_timed (fracs, 2.0);
  g_autofree char *texts_open = repeat ("\\text{$", 100000);
  g_autofree char *texts = g_strconcat ("$", texts_open, closes + 100000, NULL);
  g_autofree char *texts_result = convert_timed (texts, 2.0);

  g_assert_nonnull (strstr (nested_result, "x"));
  g_assert_nonnull (strchr (scripts_result, '2'));
  g_assert_cmpuint (strlen (accents_result), >, 0);
}

static void
test_hostile_dollars (void)
{
  g_autofree char *letters = repeat ("a", MEGABYTE);
  g_autofree char *unterminated = g_strconcat ("$", letters, NULL);
  g_autofree char *unterminated_result = convert_timed (unterminated, 2.0);
  g_autofree char *lone = repeat ("$a ", MEGABYTE / 3);
  g_autofree char *lone_result = convert_timed (lone, 2.0);
  g_autofree char *lone_display = g_strconcat ("$$", letters, NULL);
  g_autofree char *lone_display_result = convert_timed (lone_display, 2.0);
  g_autofree char *parens = repeat ("\\(", MEGABYTE / 2);
  g_autofree char *parens_result = convert_timed (parens, 2.0);
  g_autofree char *pairs = repeat ("$a$", MEGABYTE / 3);
  g_autofree char *pairs_result = convert_timed (pairs, 2.0);
  g_autofree char *carets = repeat ("^", MEGABYTE);
  g_autofree char *caret_math = g_strconcat ("$", carets, "$", NULL);
  g_autofree char *caret_result = convert_timed (caret_math, 2.0);
  g_autofree char *grouped = repeat ("{$a}", MEGABYTE / 4);
  g_autofree char *grouped_result = convert_timed (grouped, 2.0);

  g_assert_cmpstr (unterminated_result, ==, unterminated);
  g_assert_cmpstr (lone_result, ==, g_strstrip (lone));
  g_assert_cmpstr (lone_display_result, ==, lone_display);
  g_assert_cmpstr (parens_result, ==, parens);
  g_assert_cmpuint (strlen (pairs_result), ==, MEGABYTE / 3);
  g_assert_cmpstr (caret_result, ==, carets);
}

static void
test_hostile_commands (void)
{
  g_autofree char *sqrts = repeat ("\\sqrt[", MEGABYTE / 6);
  g_autofree char *sqrts_result = convert_timed (sqrts, 2.0);
  g_autofree char *backslashes = repeat ("\\", MEGABYTE);
  g_autofree char *backslashes_result = convert_timed (backslashes, 2.0);
  g_autofree char *long_name = repeat ("a", MEGABYTE);
  g_autofree char *long_command = g_strconcat ("\\", long_name, "{x}", NULL);
  g_autofree char *long_command_result = convert_timed (long_command, 2.0);
  g_autofree char *unknown = repeat ("\\foo{", MEGABYTE / 5);
  g_autofree char *unknown_result = convert_timed (unknown, 2.0);
  g_autofree char *hrefs = repeat ("\\href{", MEGABYTE / 6);
  g_autofree char *hrefs_result = convert_timed (hrefs, 2.0);
  g_autofree char *words = repeat ("word{", MEGABYTE / 5);
  g_autofree char *words_result = convert_timed (words, 2.0);

  /* Pairs of backslashes are line breaks, i.e. spaces, folded and trimmed away. */
  g_assert_cmpstr (backslashes_result, ==, "");
  g_assert_cmpstr (long_command_result, ==, long_command);
  g_assert_cmpstr (unknown_result, ==, unknown);
  g_assert_cmpstr (words_result, ==, words);
}

static void
test_hostile_ends (void)
{
  static const char * const inputs[] = {
    "\\", "x\\", "$", "$$", "^", "_", "x^", "$x^", "$x_", "\\'", "\\c", "\\sqrt[", "\\frac{",
    "\\href{", "\\url{", "{", "}", "~", "-", "--", "`", "'", "\\(", "\\[", "$\\", "{\\", "$^$",
    "\\mathbb", "\\not", "\\left", "$x^{", "\\text{", "\\operatorname*", "\xc3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *result = gleaner_text_from_latex (inputs[i]);

      g_assert_nonnull (result);
      g_assert_true (g_utf8_validate (result, -1, NULL));
    }
}

/* Random strings of LaTeX pieces: no crash, valid UTF-8, bounded growth. */
static void
test_fuzz (void)
{
  static const char * const pieces[] = {
    "\\", "{", "}", "$", "$$", "^", "_", "~", "-", "`", "'", "a", "Z", "1", " ", "\n", "é", "χ",
    "[", "]", "(", ")", "\\alpha", "\\frac", "\\sqrt", "\\'", "\\\"", "\\mathbb", "\\(", "\\)",
    "\\[", "\\]", "\\text", "\\url", "\\href", "\\i", "\\c", "\\not", "\\left", "\\right", ".",
    "\\foo", "\\\\", "\\overline", "\\hat", "*", "/", "\xff",
  };

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) input = g_string_new (NULL);
      g_autofree char *result = NULL;
      guint n = g_test_rand_int_range (0, 120);

      for (guint i = 0; i < n; i++)
        g_string_append (input, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

      result = gleaner_text_from_latex (input->str);
      g_assert_nonnull (result);
      if (!g_utf8_validate (result, -1, NULL))
        g_error ("invalid UTF-8 for input “%s”", input->str);
      g_assert_cmpuint (strlen (result), <=, 4 * input->len + 64);
    }
}

static const char abstract[] =
  "We study the nonlinear optical $χ^{(2)}$ response of $Z$-cut lithium niobate waveguides "
  "pumped at $λ = 1550$~nm. Using a coupled-mode theory with $\\mathcal{O}(n^2)$ cost we "
  "derive the phase-matching condition $\\Delta k = k_3 - k_1 - k_2 \\approx 0$ and show that "
  "the conversion efficiency scales as $\\eta \\propto L^2 \\,\\mathrm{sinc}^2(\\Delta k L/2)$ "
  "for lengths $L \\leq 10$~mm. Experiments on samples from Schr\\\"oder et al.\\ and "
  "Erd\\H{o}s--R\\'enyi graphs of size $n \\in [10^3, 10^6]$ confirm the $\\sqrt{n}$ law "
  "within 5\\% --- the best agreement to date. We further analyse the $\\ell_1$-regularised "
  "estimator $\\hat{\\theta} = \\operatorname*{arg\\,min}_{\\theta \\in \\mathbb{R}^d} "
  "\\frac{1}{2}\\|y - X\\theta\\|_2^2 + \\lambda\\|\\theta\\|_1$ and prove that for "
  "$\\lambda \\sim \\sigma\\sqrt{\\log d / n}$ it attains the minimax rate up to "
  "$\\log$ factors, i.e.\\ $\\|\\hat{\\theta} - \\theta^*\\|_2 \\lesssim s \\log d / n$. "
  "Code: \\url{https://github.com/example/chi2_waveguides}. Our results (Fig.~3, Table~2) "
  "extend ``classical'' analyses to the $\\chi^{(3)}$ regime where $\\gamma \\gg 1$ and "
  "show a $2\\times$ speed-up over the \\textbf{state-of-the-art} solver with "
  "$\\epsilon$-accuracy $10^{-6}$. Finally, we discuss \\emph{open problems} including "
  "the behaviour of $f'(x)$ near $x \\to \\infty$, quasi-phase matching with period "
  "$\\Lambda = 2\\pi/\\Delta k$, and cascaded $\\chi^{(2)}:\\chi^{(2)}$ processes in "
  "$\\mathbb{Z}_2$-symmetric lattices, as well as {\\em thermal} effects at $T > 300$~K. "
  "We also release 10^{4} synthetic samples with labels $y_i \\in \\{0, 1\\}$ and features "
  "$x_{ij}$ for $i = 1, \\ldots, N$. Ablations over the pump power $P \\in \\{0.1, 1, 10\\}$~W, "
  "the temperature $T$ and the poling period $\\Lambda$ show that the gain "
  "$G = \\exp(2 \\Gamma L)$ with $\\Gamma^2 = \\kappa^2 P - (\\Delta k/2)^2$ is robust to "
  "fabrication errors of $\\pm 5$\\,nm; the learned surrogate reaches an $R^2$ of $0.98$ "
  "while costing $\\approx 3\\%$ of a full simulation (see Appendix~B for details and "
  "\\cite{boyd2008} for background). All runs use seeds $s \\in [1, 5]$.";

static void
test_abstract (void)
{
  g_autofree char *result = gleaner_text_from_latex (abstract);

  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_nonnull (strstr (result, "nonlinear optical χ⁽²⁾ response of Z-cut"));
  g_assert_nonnull (strstr (result, "λ = 1550" NBSP "nm"));
  g_assert_nonnull (strstr (result, "O(n²) cost"));
  g_assert_nonnull (strstr (result, "Δ k = k₃ - k₁ - k₂ ≈ 0"));
  g_assert_nonnull (strstr (result, "Schröder et al. and Erdős–Rényi"));
  g_assert_nonnull (strstr (result, "n ∈ [10³, 10⁶]"));
  g_assert_nonnull (strstr (result, "√n law within 5% — the best"));
  g_assert_nonnull (strstr (result, "https://github.com/example/chi2_waveguides."));
  g_assert_nonnull (strstr (result, "“classical”"));
  g_assert_nonnull (strstr (result, "state-of-the-art solver"));
  g_assert_nonnull (strstr (result, "f′(x) near x → ∞"));
  g_assert_nonnull (strstr (result, "ℤ₂-symmetric"));
  g_assert_nonnull (strstr (result, "10⁴ synthetic samples"));
  g_assert_nonnull (strstr (result, "yᵢ ∈ {0, 1}"));
  g_assert_nonnull (strstr (result, "i = 1, …, N."));
  g_assert_nonnull (strstr (result, "P ∈ {0.1, 1, 10}" NBSP "W"));
  g_assert_nonnull (strstr (result, "Γ² = κ² P - (Δ k/2)²"));
  g_assert_nonnull (strstr (result, "± 5 nm"));
  g_assert_nonnull (strstr (result, "an R² of 0.98"));
  g_assert_nonnull (strstr (result, "\\cite{boyd2008} for background"));
  g_assert_null (strchr (result, '$'));
  g_assert_null (strstr (result, "  "));
}

/* A megabyte of ordinary abstracts goes through in well under a second. */
static void
test_long_text (void)
{
  g_autofree char *text = repeat (abstract, MEGABYTE / sizeof abstract);
  g_autofree char *result = convert_timed (text, 1.0);

  g_assert_nonnull (strstr (result, "χ⁽²⁾"));
}

static gpointer
convert_in_thread (gpointer data)
{
  const char *expected = data;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *result = gleaner_text_from_latex (abstract);

      if (g_strcmp0 (result, expected) != 0)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

/* Rows may be converted off the main thread too; the command table is built once, safely. */
static void
test_threads (void)
{
  g_autofree char *expected = gleaner_text_from_latex (abstract);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("convert", convert_in_thread, expected);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static const Case collapse_cases[] = {
  { "plain", "Attention Is All You Need", "Attention Is All You Need" },
  { "newline", "Ada\nLovelace", "Ada Lovelace" },
  { "crlf", "Ada\r\nLovelace", "Ada Lovelace" },
  { "cr", "Ada\rLovelace", "Ada Lovelace" },
  { "tab", "Ada\tLovelace", "Ada Lovelace" },
  { "vertical-tab-form-feed", "Ada\v\fLovelace", "Ada Lovelace" },
  { "line-separator", "Ada\u2028Lovelace", "Ada Lovelace" },
  { "paragraph-separator", "Ada\u2029Lovelace", "Ada Lovelace" },
  { "next-line", "Ada\xc2\x85" "Lovelace", "Ada Lovelace" },
  { "nbsp", "Ada" NBSP "Lovelace", "Ada Lovelace" },
  { "narrow-nbsp", "Ada\u202fLovelace", "Ada Lovelace" },
  { "ideographic-space", "Ada\u3000Lovelace", "Ada Lovelace" },
  { "control", "Ada\aLovelace", "Ada Lovelace" },
  { "run", " \t Ada \n\r\n " NBSP "\u2028 Lovelace \u2029\n", "Ada Lovelace" },
  { "only-space", " \n\t\u2028" NBSP, "" },
  { "empty", "", "" },
  { "zero-width-space-kept", "Ada\u200bLovelace", "Ada\u200bLovelace" },
  { "markup-kept", "<b>a</b> &amp; b", "<b>a</b> &amp; b" },
  { "invalid-utf8", "a\xff\nb", "a\357\277\275 b" },
};

static void
test_collapse (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *result = gleaner_text_collapse_whitespace (c->input);
  g_autofree char *again = gleaner_text_collapse_whitespace (result);

  g_assert_cmpstr (result, ==, c->expected);
  g_assert_cmpstr (again, ==, result);
}

static void
test_collapse_null (void)
{
  g_assert_null (gleaner_text_collapse_whitespace (NULL));
}

typedef struct
{
  const char *uri;
  gboolean    web;
} UriCase;

static void
test_uri_is_web (void)
{
  static const UriCase uri_cases[] = {
    { "http://example.org", TRUE },
    { "https://example.org/papers/2401.00001?x=1#top", TRUE },
    { "HTTP://EXAMPLE.ORG/", TRUE },
    { "HtTpS://example.org/", TRUE },
    { "http://127.0.0.1:8080/mirror", TRUE },
    { "https://[::1]/", TRUE },
    { "https://user:secret@mirror.example.org/", TRUE },
    { "https://example.org/%FF", TRUE },
    { "javascript:alert(1)", FALSE },
    { "JavaScript://example.org/%0Aalert(1)", FALSE },
    { "file:///etc/passwd", FALSE },
    { "file://example.org/etc/passwd", FALSE },
    { "data:text/html,<script>alert(1)</script>", FALSE },
    { "ftp://example.org/", FALSE },
    { "example.org", FALSE },
    { "example.org/path", FALSE },
    { "//example.org/path", FALSE },
    { "/relative/path", FALSE },
    { "../relative", FALSE },
    { "?query", FALSE },
    { "", FALSE },
    { "https://", FALSE },
    { "https:///path", FALSE },
    { "https:", FALSE },
    { "https://example.org/a b", FALSE },
    { "https://exa mple.org/", FALSE },
    { " https://example.org/", FALSE },
    { "https://example.org/\n", FALSE },
    { "https://example.org/\u2028", FALSE },
    { "https://example.org:99999/", FALSE },
    { "https://example.org/%zz", FALSE },
    { "https://example.org/\xff", FALSE },
  };

  g_assert_false (gleaner_uri_is_web (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (uri_cases); i++)
    {
      if (gleaner_uri_is_web (uri_cases[i].uri) != uri_cases[i].web)
        {
          g_autofree char *shown = g_strescape (uri_cases[i].uri, NULL);

          g_test_fail_printf ("gleaner_uri_is_web (\"%s\") is not %s",
                              shown, uri_cases[i].web ? "TRUE" : "FALSE");
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/text/%s", cases[i].name);

      /* A repeated name would silently hide a case. */
      if (!g_hash_table_add (names, (gpointer) cases[i].name))
        g_error ("duplicate test case name %s", cases[i].name);

      gleaner_test_add_data_func (path, &cases[i], test_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      g_autofree char *path = g_strdup_printf ("/text/symbol/%s", symbols[i].command);

      if (!g_hash_table_add (names, (gpointer) symbols[i].command))
        g_error ("duplicate symbol %s", symbols[i].command);

      gleaner_test_add_data_func (path, &symbols[i], test_symbol);
    }

  for (guint i = 0; i < G_N_ELEMENTS (collapse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/text/collapse/%s", collapse_cases[i].name);

      gleaner_test_add_data_func (path, &collapse_cases[i], test_collapse);
    }

  gleaner_test_add_func ("/text/collapse/null", test_collapse_null);
  gleaner_test_add_func ("/uri/is-web", test_uri_is_web);
  gleaner_test_add_func ("/text/null", test_null);
  gleaner_test_add_func ("/text/plain-unchanged", test_plain_unchanged);
  gleaner_test_add_func ("/text/idempotent", test_idempotent);
  gleaner_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  gleaner_test_add_func ("/text/abstract", test_abstract);
  gleaner_test_add_func ("/text/hostile/unbalanced", test_hostile_unbalanced);
  gleaner_test_add_func ("/text/hostile/nesting", test_hostile_nesting);
  gleaner_test_add_func ("/text/hostile/dollars", test_hostile_dollars);
  gleaner_test_add_func ("/text/hostile/commands", test_hostile_commands);
  gleaner_test_add_func ("/text/hostile/ends", test_hostile_ends);
  gleaner_test_add_func ("/text/hostile/fuzz", test_fuzz);
  gleaner_test_add_func ("/text/speed/long-text", test_long_text);
  gleaner_test_add_func ("/text/threads", test_threads);

  gleaner_test_add_queued ();

  return g_test_run ();
}
