/* gleaner-text.c — readable Unicode plain text from the LaTeX in arXiv titles and abstracts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-text"

#include "config.h"

#include <string.h>

#include "gleaner-text.h"

/* How the converter stays linear and safe on any input:
 *
 * - it is one left-to-right pass; plain runs are copied in one go;
 * - brace pairs are matched once up front (match_braces()), so an unbalanced "{" costs nothing;
 * - a failed search for a closing math delimiter is remembered (Miss), so a lone "$" in a long
 *   text is not searched for again and again;
 * - nothing is converted twice: an argument that turns out unusable is copied as typed;
 * - recursion is capped at MAX_DEPTH; deeper constructs are copied as typed.
 */
#define MAX_DEPTH 40
#define MAX_NAME_LEN 24
#define MAX_SQRT_INDEX 16
#define MAX_BRACE_MATCH_LEN (64 * 1024 * 1024)

#define NBSP "\xc2\xa0"

typedef enum
{
  MODE_TEXT,
  MODE_MATH,
} Mode;

typedef enum
{
  KIND_SYMBOL,          /* Replaced by its text. */
  KIND_FONT,            /* Vanishes; its argument is kept. */
  KIND_DOUBLE_STRUCK,   /* \mathbb: the argument in 𝔸𝔹ℂ… letters. */
  KIND_ACCENT,          /* A combining mark on its argument. */
  KIND_DELIMITER_SIZE,  /* \left, \big…: vanishes, and so does a following "." */
  KIND_SQRT,
  KIND_FRAC,
  KIND_URL,
  KIND_HREF,
} Kind;

enum
{
  FLAG_TEXT_ARG = 1 << 0,  /* The argument is text even inside math (\text, \emph). */
  FLAG_STAR     = 1 << 1,  /* A "*" may follow the name (\operatorname*). */
  FLAG_EACH     = 1 << 2,  /* The mark goes on every character (\overline{AB}). */
  FLAG_LITERAL  = 1 << 3,  /* If the mark has nowhere to go, keep the command as typed. */
};

typedef struct
{
  const char *name;
  Kind        kind;
  const char *text;
  gunichar    mark;
  guint       flags;
} Command;

#define SYMBOL(n, t)    { n, KIND_SYMBOL, t, 0, 0 }
#define FONT(n, f)      { n, KIND_FONT, NULL, 0, f }
#define ACCENT(n, m, f) { n, KIND_ACCENT, NULL, m, f }
#define SPECIAL(n, k)   { n, k, NULL, 0, 0 }

static const Command commands[] = {
  /* Control symbols. */
  SYMBOL ("\\", " "), SYMBOL (",", " "), SYMBOL (";", " "), SYMBOL (":", " "), SYMBOL (">", " "),
  SYMBOL (" ", " "), SYMBOL ("\n", " "), SYMBOL ("\t", " "), SYMBOL ("\r", " "),
  SYMBOL ("!", ""), SYMBOL ("-", ""), SYMBOL ("/", ""), SYMBOL ("@", ""),
  SYMBOL ("%", "%"), SYMBOL ("&", "&"), SYMBOL ("_", "_"), SYMBOL ("#", "#"), SYMBOL ("$", "$"),
  SYMBOL ("{", "{"), SYMBOL ("}", "}"), SYMBOL ("|", "‖"),

  /* Text accents. */
  ACCENT ("'", 0x0301, FLAG_LITERAL), ACCENT ("`", 0x0300, FLAG_LITERAL),
  ACCENT ("^", 0x0302, FLAG_LITERAL), ACCENT ("\"", 0x0308, FLAG_LITERAL),
  ACCENT ("~", 0x0303, FLAG_LITERAL), ACCENT ("=", 0x0304, FLAG_LITERAL),
  ACCENT (".", 0x0307, FLAG_LITERAL), ACCENT ("c", 0x0327, FLAG_LITERAL),
  ACCENT ("v", 0x030C, FLAG_LITERAL), ACCENT ("u", 0x0306, FLAG_LITERAL),
  ACCENT ("H", 0x030B, FLAG_LITERAL), ACCENT ("k", 0x0328, FLAG_LITERAL),
  ACCENT ("r", 0x030A, FLAG_LITERAL), ACCENT ("d", 0x0323, FLAG_LITERAL),
  ACCENT ("b", 0x0331, FLAG_LITERAL),

  /* Math accents. */
  ACCENT ("hat", 0x0302, 0), ACCENT ("widehat", 0x0302, 0), ACCENT ("check", 0x030C, 0),
  ACCENT ("tilde", 0x0303, 0), ACCENT ("widetilde", 0x0303, 0), ACCENT ("acute", 0x0301, 0),
  ACCENT ("grave", 0x0300, 0), ACCENT ("dot", 0x0307, 0), ACCENT ("ddot", 0x0308, 0),
  ACCENT ("dddot", 0x20DB, 0), ACCENT ("breve", 0x0306, 0), ACCENT ("bar", 0x0304, 0),
  ACCENT ("vec", 0x20D7, 0), ACCENT ("mathring", 0x030A, 0),
  ACCENT ("overline", 0x0305, FLAG_EACH), ACCENT ("underline", 0x0332, FLAG_EACH),
  ACCENT ("not", 0x0338, FLAG_LITERAL),

  /* Fonts and boxes: the argument stays. */
  FONT ("mathrm", 0), FONT ("mathbf", 0), FONT ("mathit", 0), FONT ("mathsf", 0),
  FONT ("mathtt", 0), FONT ("mathcal", 0), FONT ("mathscr", 0), FONT ("mathfrak", 0),
  FONT ("mathnormal", 0), FONT ("boldsymbol", 0), FONT ("bm", 0), FONT ("pmb", 0),
  FONT ("operatorname", FLAG_STAR), FONT ("mathop", 0), FONT ("mathbin", 0),
  FONT ("mathrel", 0), FONT ("mathord", 0), FONT ("ensuremath", 0),
  FONT ("text", FLAG_TEXT_ARG), FONT ("textrm", FLAG_TEXT_ARG), FONT ("textbf", FLAG_TEXT_ARG),
  FONT ("textit", FLAG_TEXT_ARG), FONT ("textsf", FLAG_TEXT_ARG), FONT ("texttt", FLAG_TEXT_ARG),
  FONT ("textsc", FLAG_TEXT_ARG), FONT ("textsl", FLAG_TEXT_ARG), FONT ("textup", FLAG_TEXT_ARG),
  FONT ("textmd", FLAG_TEXT_ARG), FONT ("textnormal", FLAG_TEXT_ARG),
  FONT ("emph", FLAG_TEXT_ARG), FONT ("mbox", FLAG_TEXT_ARG), FONT ("hbox", FLAG_TEXT_ARG),

  SPECIAL ("mathbb", KIND_DOUBLE_STRUCK), SPECIAL ("mathds", KIND_DOUBLE_STRUCK),
  SPECIAL ("mathbbm", KIND_DOUBLE_STRUCK),
  SPECIAL ("sqrt", KIND_SQRT),
  SPECIAL ("frac", KIND_FRAC), SPECIAL ("dfrac", KIND_FRAC), SPECIAL ("tfrac", KIND_FRAC),
  SPECIAL ("url", KIND_URL), SPECIAL ("href", KIND_HREF),

  /* Delimiter sizes vanish; the delimiter after them stays. */
  SPECIAL ("left", KIND_DELIMITER_SIZE), SPECIAL ("right", KIND_DELIMITER_SIZE),
  SPECIAL ("middle", KIND_DELIMITER_SIZE),
  SPECIAL ("big", KIND_DELIMITER_SIZE), SPECIAL ("Big", KIND_DELIMITER_SIZE),
  SPECIAL ("bigg", KIND_DELIMITER_SIZE), SPECIAL ("Bigg", KIND_DELIMITER_SIZE),
  SPECIAL ("bigl", KIND_DELIMITER_SIZE), SPECIAL ("bigr", KIND_DELIMITER_SIZE),
  SPECIAL ("Bigl", KIND_DELIMITER_SIZE), SPECIAL ("Bigr", KIND_DELIMITER_SIZE),
  SPECIAL ("biggl", KIND_DELIMITER_SIZE), SPECIAL ("biggr", KIND_DELIMITER_SIZE),
  SPECIAL ("Biggl", KIND_DELIMITER_SIZE), SPECIAL ("Biggr", KIND_DELIMITER_SIZE),

  /* Declarations that only change the look. */
  SYMBOL ("displaystyle", ""), SYMBOL ("textstyle", ""), SYMBOL ("scriptstyle", ""),
  SYMBOL ("scriptscriptstyle", ""), SYMBOL ("limits", ""), SYMBOL ("nolimits", ""),
  SYMBOL ("em", ""), SYMBOL ("bf", ""), SYMBOL ("it", ""), SYMBOL ("rm", ""), SYMBOL ("sf", ""),
  SYMBOL ("tt", ""), SYMBOL ("sc", ""), SYMBOL ("sl", ""), SYMBOL ("cal", ""),
  SYMBOL ("normalfont", ""), SYMBOL ("tiny", ""), SYMBOL ("scriptsize", ""),
  SYMBOL ("footnotesize", ""), SYMBOL ("small", ""), SYMBOL ("normalsize", ""),
  SYMBOL ("large", ""), SYMBOL ("Large", ""), SYMBOL ("LARGE", ""), SYMBOL ("huge", ""),
  SYMBOL ("Huge", ""), SYMBOL ("noindent", ""), SYMBOL ("relax", ""), SYMBOL ("protect", ""),
  SYMBOL ("xspace", ""), SYMBOL ("nonumber", ""), SYMBOL ("notag", ""),
  SYMBOL ("negthinspace", ""),

  /* Spaces and breaks. */
  SYMBOL ("quad", " "), SYMBOL ("qquad", " "), SYMBOL ("enspace", " "), SYMBOL ("enskip", " "),
  SYMBOL ("thinspace", " "), SYMBOL ("medspace", " "), SYMBOL ("thickspace", " "),
  SYMBOL ("newline", " "), SYMBOL ("linebreak", " "), SYMBOL ("par", " "), SYMBOL ("hfill", " "),

  /* Greek. */
  SYMBOL ("alpha", "α"), SYMBOL ("beta", "β"), SYMBOL ("gamma", "γ"), SYMBOL ("delta", "δ"),
  SYMBOL ("epsilon", "ϵ"), SYMBOL ("varepsilon", "ε"), SYMBOL ("zeta", "ζ"), SYMBOL ("eta", "η"),
  SYMBOL ("theta", "θ"), SYMBOL ("vartheta", "ϑ"), SYMBOL ("iota", "ι"), SYMBOL ("kappa", "κ"),
  SYMBOL ("varkappa", "ϰ"), SYMBOL ("lambda", "λ"), SYMBOL ("mu", "μ"), SYMBOL ("nu", "ν"),
  SYMBOL ("xi", "ξ"), SYMBOL ("omicron", "ο"), SYMBOL ("pi", "π"), SYMBOL ("varpi", "ϖ"),
  SYMBOL ("rho", "ρ"), SYMBOL ("varrho", "ϱ"), SYMBOL ("sigma", "σ"), SYMBOL ("varsigma", "ς"),
  SYMBOL ("tau", "τ"), SYMBOL ("upsilon", "υ"), SYMBOL ("phi", "ϕ"), SYMBOL ("varphi", "φ"),
  SYMBOL ("chi", "χ"), SYMBOL ("psi", "ψ"), SYMBOL ("omega", "ω"), SYMBOL ("digamma", "ϝ"),
  SYMBOL ("Gamma", "Γ"), SYMBOL ("Delta", "Δ"), SYMBOL ("Theta", "Θ"), SYMBOL ("Lambda", "Λ"),
  SYMBOL ("Xi", "Ξ"), SYMBOL ("Pi", "Π"), SYMBOL ("Sigma", "Σ"), SYMBOL ("Upsilon", "Υ"),
  SYMBOL ("Phi", "Φ"), SYMBOL ("Psi", "Ψ"), SYMBOL ("Omega", "Ω"),
  SYMBOL ("varGamma", "Γ"), SYMBOL ("varDelta", "Δ"), SYMBOL ("varTheta", "Θ"),
  SYMBOL ("varLambda", "Λ"), SYMBOL ("varXi", "Ξ"), SYMBOL ("varPi", "Π"),
  SYMBOL ("varSigma", "Σ"), SYMBOL ("varUpsilon", "Υ"), SYMBOL ("varPhi", "Φ"),
  SYMBOL ("varPsi", "Ψ"), SYMBOL ("varOmega", "Ω"),

  /* Letters and text symbols. */
  SYMBOL ("i", "ı"), SYMBOL ("j", "ȷ"), SYMBOL ("l", "ł"), SYMBOL ("L", "Ł"), SYMBOL ("o", "ø"),
  SYMBOL ("O", "Ø"), SYMBOL ("ss", "ß"), SYMBOL ("ae", "æ"), SYMBOL ("AE", "Æ"),
  SYMBOL ("oe", "œ"), SYMBOL ("OE", "Œ"), SYMBOL ("aa", "å"), SYMBOL ("AA", "Å"),
  SYMBOL ("S", "§"), SYMBOL ("P", "¶"), SYMBOL ("dag", "†"), SYMBOL ("ddag", "‡"),
  SYMBOL ("copyright", "©"), SYMBOL ("textcopyright", "©"), SYMBOL ("textregistered", "®"),
  SYMBOL ("texttrademark", "™"), SYMBOL ("pounds", "£"), SYMBOL ("euro", "€"),
  SYMBOL ("textdegree", "°"), SYMBOL ("degree", "°"), SYMBOL ("textbullet", "•"),
  SYMBOL ("textperiodcentered", "·"), SYMBOL ("textellipsis", "…"),
  SYMBOL ("textendash", "–"), SYMBOL ("textemdash", "—"),
  SYMBOL ("textquoteleft", "‘"), SYMBOL ("textquoteright", "’"),
  SYMBOL ("textquotedblleft", "“"), SYMBOL ("textquotedblright", "”"),
  SYMBOL ("textasciitilde", "~"), SYMBOL ("textasciicircum", "^"),
  SYMBOL ("textbackslash", "\\"), SYMBOL ("textbar", "|"), SYMBOL ("textless", "<"),
  SYMBOL ("textgreater", ">"), SYMBOL ("textunderscore", "_"),
  SYMBOL ("LaTeX", "LaTeX"), SYMBOL ("TeX", "TeX"), SYMBOL ("checkmark", "✓"),
  SYMBOL ("ldots", "…"), SYMBOL ("dots", "…"), SYMBOL ("dotsc", "…"), SYMBOL ("dotsb", "⋯"),
  SYMBOL ("cdots", "⋯"), SYMBOL ("vdots", "⋮"), SYMBOL ("ddots", "⋱"),

  /* Operator names. */
  SYMBOL ("log", "log"), SYMBOL ("ln", "ln"), SYMBOL ("lg", "lg"), SYMBOL ("exp", "exp"),
  SYMBOL ("sin", "sin"), SYMBOL ("cos", "cos"), SYMBOL ("tan", "tan"), SYMBOL ("cot", "cot"),
  SYMBOL ("sec", "sec"), SYMBOL ("csc", "csc"), SYMBOL ("sinh", "sinh"), SYMBOL ("cosh", "cosh"),
  SYMBOL ("tanh", "tanh"), SYMBOL ("coth", "coth"), SYMBOL ("arcsin", "arcsin"),
  SYMBOL ("arccos", "arccos"), SYMBOL ("arctan", "arctan"), SYMBOL ("max", "max"),
  SYMBOL ("min", "min"), SYMBOL ("sup", "sup"), SYMBOL ("inf", "inf"), SYMBOL ("lim", "lim"),
  SYMBOL ("limsup", "lim sup"), SYMBOL ("liminf", "lim inf"), SYMBOL ("arg", "arg"),
  SYMBOL ("argmax", "argmax"), SYMBOL ("argmin", "argmin"), SYMBOL ("det", "det"),
  SYMBOL ("dim", "dim"), SYMBOL ("gcd", "gcd"), SYMBOL ("hom", "hom"), SYMBOL ("ker", "ker"),
  SYMBOL ("deg", "deg"), SYMBOL ("Pr", "Pr"), SYMBOL ("mod", " mod "), SYMBOL ("bmod", " mod "),

  /* Relations. */
  SYMBOL ("leq", "≤"), SYMBOL ("le", "≤"), SYMBOL ("geq", "≥"), SYMBOL ("ge", "≥"),
  SYMBOL ("leqslant", "⩽"), SYMBOL ("geqslant", "⩾"), SYMBOL ("neq", "≠"), SYMBOL ("ne", "≠"),
  SYMBOL ("approx", "≈"), SYMBOL ("sim", "∼"), SYMBOL ("simeq", "≃"), SYMBOL ("cong", "≅"),
  SYMBOL ("equiv", "≡"), SYMBOL ("propto", "∝"), SYMBOL ("ll", "≪"), SYMBOL ("gg", "≫"),
  SYMBOL ("lesssim", "≲"), SYMBOL ("gtrsim", "≳"), SYMBOL ("prec", "≺"), SYMBOL ("succ", "≻"),
  SYMBOL ("preceq", "⪯"), SYMBOL ("succeq", "⪰"), SYMBOL ("subset", "⊂"), SYMBOL ("supset", "⊃"),
  SYMBOL ("subseteq", "⊆"), SYMBOL ("supseteq", "⊇"), SYMBOL ("in", "∈"), SYMBOL ("notin", "∉"),
  SYMBOL ("ni", "∋"), SYMBOL ("perp", "⊥"), SYMBOL ("parallel", "∥"), SYMBOL ("mid", "∣"),
  SYMBOL ("nmid", "∤"), SYMBOL ("vdash", "⊢"), SYMBOL ("models", "⊨"), SYMBOL ("coloneqq", "≔"),
  SYMBOL ("doteq", "≐"), SYMBOL ("triangleq", "≜"), SYMBOL ("asymp", "≍"),

  /* Arrows. */
  SYMBOL ("to", "→"), SYMBOL ("rightarrow", "→"), SYMBOL ("leftarrow", "←"),
  SYMBOL ("gets", "←"), SYMBOL ("Rightarrow", "⇒"), SYMBOL ("Leftarrow", "⇐"),
  SYMBOL ("leftrightarrow", "↔"), SYMBOL ("Leftrightarrow", "⇔"),
  SYMBOL ("longrightarrow", "⟶"), SYMBOL ("longleftarrow", "⟵"),
  SYMBOL ("Longrightarrow", "⟹"), SYMBOL ("implies", "⟹"), SYMBOL ("iff", "⟺"),
  SYMBOL ("mapsto", "↦"), SYMBOL ("uparrow", "↑"), SYMBOL ("downarrow", "↓"),
  SYMBOL ("Uparrow", "⇑"), SYMBOL ("Downarrow", "⇓"), SYMBOL ("hookrightarrow", "↪"),
  SYMBOL ("rightleftharpoons", "⇌"), SYMBOL ("nearrow", "↗"), SYMBOL ("searrow", "↘"),
  SYMBOL ("leadsto", "⇝"),

  /* Operators and other math symbols. */
  SYMBOL ("times", "×"), SYMBOL ("cdot", "·"), SYMBOL ("div", "÷"), SYMBOL ("pm", "±"),
  SYMBOL ("mp", "∓"), SYMBOL ("ast", "∗"), SYMBOL ("star", "⋆"), SYMBOL ("circ", "∘"),
  SYMBOL ("bullet", "•"), SYMBOL ("oplus", "⊕"), SYMBOL ("ominus", "⊖"), SYMBOL ("otimes", "⊗"),
  SYMBOL ("odot", "⊙"), SYMBOL ("cap", "∩"), SYMBOL ("cup", "∪"), SYMBOL ("bigcap", "⋂"),
  SYMBOL ("bigcup", "⋃"), SYMBOL ("bigoplus", "⨁"), SYMBOL ("bigotimes", "⨂"),
  SYMBOL ("setminus", "∖"), SYMBOL ("wedge", "∧"), SYMBOL ("land", "∧"), SYMBOL ("vee", "∨"),
  SYMBOL ("lor", "∨"), SYMBOL ("neg", "¬"), SYMBOL ("lnot", "¬"), SYMBOL ("sum", "∑"),
  SYMBOL ("prod", "∏"), SYMBOL ("coprod", "∐"), SYMBOL ("int", "∫"), SYMBOL ("iint", "∬"),
  SYMBOL ("iiint", "∭"), SYMBOL ("oint", "∮"), SYMBOL ("partial", "∂"), SYMBOL ("nabla", "∇"),
  SYMBOL ("infty", "∞"), SYMBOL ("emptyset", "∅"), SYMBOL ("varnothing", "∅"),
  SYMBOL ("forall", "∀"), SYMBOL ("exists", "∃"), SYMBOL ("nexists", "∄"), SYMBOL ("ell", "ℓ"),
  SYMBOL ("hbar", "ℏ"), SYMBOL ("aleph", "ℵ"), SYMBOL ("Re", "ℜ"), SYMBOL ("Im", "ℑ"),
  SYMBOL ("wp", "℘"), SYMBOL ("prime", "′"), SYMBOL ("angle", "∠"), SYMBOL ("triangle", "△"),
  SYMBOL ("square", "□"), SYMBOL ("Box", "□"), SYMBOL ("diamond", "⋄"), SYMBOL ("top", "⊤"),
  SYMBOL ("bot", "⊥"), SYMBOL ("dagger", "†"), SYMBOL ("ddagger", "‡"), SYMBOL ("surd", "√"),
  SYMBOL ("sharp", "♯"), SYMBOL ("flat", "♭"), SYMBOL ("natural", "♮"),

  /* Delimiters. */
  SYMBOL ("lbrace", "{"), SYMBOL ("rbrace", "}"), SYMBOL ("lbrack", "["), SYMBOL ("rbrack", "]"),
  SYMBOL ("langle", "⟨"), SYMBOL ("rangle", "⟩"), SYMBOL ("lfloor", "⌊"), SYMBOL ("rfloor", "⌋"),
  SYMBOL ("lceil", "⌈"), SYMBOL ("rceil", "⌉"), SYMBOL ("vert", "|"), SYMBOL ("Vert", "‖"),
  SYMBOL ("lvert", "|"), SYMBOL ("rvert", "|"), SYMBOL ("lVert", "‖"), SYMBOL ("rVert", "‖"),
  SYMBOL ("backslash", "\\"), SYMBOL ("colon", ":"),
};

/* Bytes that may start something other than plain text. */
static const guint8 specials[256] = {
  ['\\'] = 1, ['{'] = 1, ['$'] = 1, ['^'] = 1, ['_'] = 1, ['~'] = 1, ['-'] = 1, ['`'] = 1,
  ['\''] = 1,
};

typedef enum
{
  CLOSER_DOLLAR_TIGHT,  /* "$x$": no space inside the delimiters. */
  CLOSER_DOLLAR_LOOSE,  /* "$ x $": space inside both. */
  CLOSER_DOUBLE_DOLLAR,
  CLOSER_PAREN,
  CLOSER_BRACKET,
  N_CLOSERS
} Closer;

/* No closing delimiter of some kind exists between from and end. */
typedef struct
{
  gsize from;
  gsize end;
} Miss;

typedef struct
{
  const char *s;
  gint32     *match;  /* For each unescaped "{", its "}" or -1; NULL when there is no "{". */
  Miss        misses[N_CLOSERS];
} Converter;

static gsize convert_one   (Converter *conv,
                            GString   *out,
                            gsize      pos,
                            gsize      end,
                            Mode       mode,
                            guint      depth);
static gsize convert_group (Converter *conv,
                            GString   *out,
                            gsize      pos,
                            gsize      end,
                            Mode       mode,
                            guint      depth,
                            gboolean   bare);

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static gsize
skip_spaces (const char *s,
             gsize       pos,
             gsize       end)
{
  while (pos < end && is_space (s[pos]))
    pos++;

  return pos;
}

static gsize
skip_to_space (const char *s,
               gsize       pos,
               gsize       end)
{
  while (pos < end && !is_space (s[pos]))
    pos++;

  return pos;
}

static const Command *
lookup_command (const char *name)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_hash_table_insert (t, (gpointer) commands[i].name, (gpointer) &commands[i]);

      g_once_init_leave (&table, t);
    }

  return g_hash_table_lookup (table, name);
}

static gunichar
superscript_of (gunichar c)
{
  static const gunichar lower[26] = {
    0x1D43, 0x1D47, 0x1D9C, 0x1D48, 0x1D49, 0x1DA0, 0x1D4D, 0x02B0, 0x2071, 0x02B2, /* a–j */
    0x1D4F, 0x02E1, 0x1D50, 0x207F, 0x1D52, 0x1D56, 0,      0x02B3, 0x02E2, 0x1D57, /* k–t */
    0x1D58, 0x1D5B, 0x02B7, 0x02E3, 0x02B8, 0x1DBB,                                 /* u–z */
  };
  static const gunichar upper[26] = {
    0x1D2C, 0x1D2E, 0,      0x1D30, 0x1D31, 0,      0x1D33, 0x1D34, 0x1D35, 0x1D36, /* A–J */
    0x1D37, 0x1D38, 0x1D39, 0x1D3A, 0x1D3C, 0x1D3E, 0,      0x1D3F, 0,      0x1D40, /* K–T */
    0x1D41, 0x2C7D, 0x1D42, 0,      0,      0,                                      /* U–Z */
  };

  if (c >= 'a' && c <= 'z')
    return lower[c - 'a'];
  if (c >= 'A' && c <= 'Z')
    return upper[c - 'A'];
  if (c >= '4' && c <= '9')
    return 0x2070 + (c - '0');

  switch (c)
    {
    case '0': return 0x2070;
    case '1': return 0x00B9;
    case '2': return 0x00B2;
    case '3': return 0x00B3;
    case '+': return 0x207A;
    case '-': case 0x2212: return 0x207B;
    case '=': return 0x207C;
    case '(': return 0x207D;
    case ')': return 0x207E;
    /* Already raised, or read the same raised. */
    case '*': case 0x2217: return '*';
    case 0x2032: case 0x2033: case 0x2034: case 0x2020: case 0x2021: return c;
    case 0x2218: return 0x00B0;  /* ∘ → ° (90^\circ) */
    case 0x22A4: return 0x1D40;  /* ⊤ → ᵀ (A^\top) */
    case 0x03B1: return 0x1D45;  /* α */
    case 0x03B2: return 0x1D5D;  /* β */
    case 0x03B3: return 0x1D5E;  /* γ */
    case 0x03B4: return 0x1D5F;  /* δ */
    case 0x03B5: case 0x03F5: return 0x1D4B;  /* ε ϵ */
    case 0x03B8: return 0x1DBF;  /* θ */
    case 0x03B9: return 0x1DA5;  /* ι */
    case 0x03C6: case 0x03D5: return 0x1D60;  /* φ ϕ */
    case 0x03C7: return 0x1D61;  /* χ */
    default: return 0;
    }
}

static gunichar
subscript_of (gunichar c)
{
  if (c >= '0' && c <= '9')
    return 0x2080 + (c - '0');

  switch (c)
    {
    case '+': return 0x208A;
    case '-': case 0x2212: return 0x208B;
    case '=': return 0x208C;
    case '(': return 0x208D;
    case ')': return 0x208E;
    case 'a': return 0x2090;
    case 'e': return 0x2091;
    case 'o': return 0x2092;
    case 'x': return 0x2093;
    case 'h': return 0x2095;
    case 'k': return 0x2096;
    case 'l': return 0x2097;
    case 'm': return 0x2098;
    case 'n': return 0x2099;
    case 'p': return 0x209A;
    case 's': return 0x209B;
    case 't': return 0x209C;
    case 'i': return 0x1D62;
    case 'r': return 0x1D63;
    case 'u': return 0x1D64;
    case 'v': return 0x1D65;
    case 'j': return 0x2C7C;
    case 0x0259: return 0x2094;  /* ə */
    case 0x03B2: return 0x1D66;  /* β */
    case 0x03B3: return 0x1D67;  /* γ */
    case 0x03C1: return 0x1D68;  /* ρ */
    case 0x03C6: case 0x03D5: return 0x1D69;  /* φ ϕ */
    case 0x03C7: return 0x1D6A;  /* χ */
    default: return 0;
    }
}

static gunichar
double_struck_of (gunichar c)
{
  switch (c)
    {
    case 'C': return 0x2102;
    case 'H': return 0x210D;
    case 'N': return 0x2115;
    case 'P': return 0x2119;
    case 'Q': return 0x211A;
    case 'R': return 0x211D;
    case 'Z': return 0x2124;
    default: break;
    }

  if (c >= 'A' && c <= 'Z')
    return 0x1D538 + (c - 'A');
  if (c >= 'a' && c <= 'z')
    return 0x1D552 + (c - 'a');
  if (c >= '0' && c <= '9')
    return 0x1D7D8 + (c - '0');

  return 0;
}

static void
strip_spaces (GString *str)
{
  gsize start = 0;

  while (str->len > 0 && is_space (str->str[str->len - 1]))
    g_string_truncate (str, str->len - 1);

  while (start < str->len && is_space (str->str[start]))
    start++;

  g_string_erase (str, 0, start);
}

/* One character, possibly followed by combining marks. */
static gboolean
is_single_grapheme (const char *str)
{
  gunichar first;

  if (*str == '\0')
    return FALSE;

  first = g_utf8_get_char (str);
  if (g_unichar_ismark (first) || g_unichar_isspace (first))
    return FALSE;

  for (const char *p = g_utf8_next_char (str); *p; p = g_utf8_next_char (p))
    {
      if (!g_unichar_ismark (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

/* Whether @str reads unambiguously after "√" or around "/" without parentheses. */
static gboolean
is_simple_operand (const char *str)
{
  gboolean digits = TRUE;
  gboolean letters = TRUE;

  if (is_single_grapheme (str))
    return TRUE;

  if (*str == '\0')
    return FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isdigit (c) && c != '.')
        digits = FALSE;
      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c))
        letters = FALSE;
    }

  return digits || letters;
}

static void
append_operand (GString    *out,
                const char *str)
{
  if (is_simple_operand (str))
    {
      g_string_append (out, str);
    }
  else
    {
      g_string_append_c (out, '(');
      g_string_append (out, str);
      g_string_append_c (out, ')');
    }
}

/* Appends @str in super- or subscript letters if every character has one. */
static gboolean
append_mapped_script (GString    *out,
                      const char *str,
                      gboolean    sup)
{
  gsize start = out->len;
  gboolean any = FALSE;

  for (const char *p = str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar mapped;

      if (c < 0x80 && is_space ((char) c))
        continue;

      mapped = sup ? superscript_of (c) : subscript_of (c);
      if (mapped == 0)
        {
          g_string_truncate (out, start);
          return FALSE;
        }

      g_string_append_unichar (out, mapped);
      any = TRUE;
    }

  return any;
}

/* A math script: raised/lowered letters when Unicode has them all, "^x" or "^(…)" otherwise. */
static void
append_script (GString  *out,
               GString  *arg,
               gboolean  sup)
{
  strip_spaces (arg);

  if (arg->len == 0 || append_mapped_script (out, arg->str, sup))
    return;

  g_string_append_c (out, sup ? '^' : '_');

  if (is_single_grapheme (arg->str))
    {
      g_string_append_len (out, arg->str, arg->len);
    }
  else
    {
      g_string_append_c (out, '(');
      g_string_append_len (out, arg->str, arg->len);
      g_string_append_c (out, ')');
    }
}

static void
append_normalized (GString    *out,
                   const char *str,
                   gssize      len)
{
  g_autofree char *normalized = g_utf8_normalize (str, len, G_NORMALIZE_NFC);

  if (normalized != NULL)
    g_string_append (out, normalized);
  else
    g_string_append_len (out, str, len);
}

static void
append_accented (GString       *out,
                 GString       *arg,
                 const Command *cmd,
                 const char    *typed,
                 gsize          typed_len)
{
  /* \"{\i} is an ï, not a dotless i with two dots. */
  if (strcmp (arg->str, "ı") == 0)
    g_string_assign (arg, "i");
  else if (strcmp (arg->str, "ȷ") == 0)
    g_string_assign (arg, "j");

  if (is_single_grapheme (arg->str))
    {
      g_string_append_unichar (arg, cmd->mark);
      append_normalized (out, arg->str, arg->len);
    }
  else if ((cmd->flags & FLAG_EACH) != 0 && arg->len > 0)
    {
      g_autoptr(GString) marked = g_string_sized_new (arg->len * 2);

      for (const char *p = arg->str; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_string_append_unichar (marked, c);
          if (!g_unichar_ismark (c) && !g_unichar_isspace (c))
            g_string_append_unichar (marked, cmd->mark);
        }

      append_normalized (out, marked->str, marked->len);
    }
  else if ((cmd->flags & FLAG_LITERAL) != 0)
    {
      g_string_append_len (out, typed, typed_len);
    }
  else
    {
      g_string_append_len (out, arg->str, arg->len);
    }
}

/* Matches every unescaped brace once, with a stack threaded through the array itself. */
static gint32 *
match_braces (const char *s,
              gsize       len)
{
  gint32 *match;
  gint32 top = -1;

  if (len >= MAX_BRACE_MATCH_LEN || memchr (s, '{', len) == NULL)
    return NULL;

  /* Only the slots of "{" are ever written or read. */
  match = g_new (gint32, len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\')
        {
          i++;
        }
      else if (s[i] == '{')
        {
          match[i] = top;
          top = (gint32) i;
        }
      else if (s[i] == '}' && top >= 0)
        {
          gint32 below = match[top];

          match[top] = (gint32) i;
          top = below;
        }
    }

  while (top >= 0)
    {
      gint32 below = match[top];

      match[top] = -1;
      top = below;
    }

  return match;
}

/* The "}" closing the "{" at @pos, or 0 if there is none before @end. */
static gsize
group_end (Converter *conv,
           gsize      pos,
           gsize      end)
{
  gint32 close;

  if (conv->match == NULL)
    return 0;

  close = conv->match[pos];
  if (close < 0 || (gsize) close <= pos || (gsize) close >= end)
    return 0;

  return (gsize) close;
}

/* Where the math opened at @opener closes (searching [start, end)), or 0. A failed search is
 * remembered: a closer is valid or not by its own position only, so no later opener inside the
 * same stretch can find one either. */
static gsize
find_closer (Converter *conv,
             Closer     kind,
             gsize      opener,
             gsize      start,
             gsize      end)
{
  const char *s = conv->s;
  Miss *miss = &conv->misses[kind];

  if (opener >= miss->from && end <= miss->end)
    return 0;

  for (gsize i = start; i < end; i++)
    {
      if (s[i] == '\\')
        {
          if (i + 1 < end &&
              ((kind == CLOSER_PAREN && s[i + 1] == ')') ||
               (kind == CLOSER_BRACKET && s[i + 1] == ']')))
            return i;
          i++;
          continue;
        }

      if (s[i] != '$' || i == start)
        continue;

      switch (kind)
        {
        case CLOSER_DOLLAR_TIGHT:
          /* As in Pandoc: "$5 and $10" holds no math. */
          if (!is_space (s[i - 1]) && !g_ascii_isdigit (s[i + 1]))
            return i;
          break;

        case CLOSER_DOLLAR_LOOSE:
          if (is_space (s[i - 1]) && !g_ascii_isdigit (s[i + 1]))
            return i;
          break;

        case CLOSER_DOUBLE_DOLLAR:
          if (i + 1 < end && s[i + 1] == '$')
            return i;
          break;

        case CLOSER_PAREN:
        case CLOSER_BRACKET:
          break;

        case N_CLOSERS:
        default:
          g_assert_not_reached ();
        }
    }

  miss->from = opener;
  miss->end = end;

  return 0;
}

static void
convert_range (Converter *conv,
               GString   *out,
               gsize      pos,
               gsize      end,
               Mode       mode,
               guint      depth)
{
  const char *s = conv->s;

  while (pos < end)
    {
      gsize run = pos;

      while (run < end && !specials[(guchar) s[run]])
        run++;

      g_string_append_len (out, s + pos, run - pos);
      pos = run;

      if (pos < end)
        pos = convert_one (conv, out, pos, end, mode, depth);
    }
}

/* An argument group loses its braces even right after a word (\textbf{x}). */
static gsize
convert_argument_at (Converter *conv,
                     GString   *out,
                     gsize      pos,
                     gsize      end,
                     Mode       mode,
                     guint      depth)
{
  if (conv->s[pos] == '{')
    return convert_group (conv, out, pos, end, mode, depth + 1, FALSE);

  return convert_one (conv, out, pos, end, mode, depth + 1);
}

/* Converts one argument (a group, a command with its arguments or one character) into @out.
 * Returns FALSE, consuming nothing, if there is none. */
static gboolean
convert_argument (Converter *conv,
                  GString   *out,
                  gsize     *pos,
                  gsize      end,
                  Mode       mode,
                  guint      depth,
                  gboolean   skip_space)
{
  gsize p = *pos;

  if (skip_space)
    p = skip_spaces (conv->s, p, end);

  if (p >= end || conv->s[p] == '}')
    return FALSE;

  *pos = convert_argument_at (conv, out, p, end, mode, depth);

  return TRUE;
}

/* The end of a \frac argument: a group or a plain character; 0 if there is none. */
static gsize
simple_argument_end (Converter *conv,
                     gsize      pos,
                     gsize      end)
{
  const char *s = conv->s;
  gsize close;

  if (pos >= end)
    return 0;

  if (s[pos] == '{')
    return (close = group_end (conv, pos, end)) != 0 ? close + 1 : 0;

  if (specials[(guchar) s[pos]] || s[pos] == '}' || is_space (s[pos]))
    return 0;

  return g_utf8_next_char (s + pos) - s;
}

/* Whether letters right before @pos form a plain word rather than a command name (\LaTeX{}).
 * Only the one letter run before a "{" is looked at, so this stays linear. */
static gboolean
follows_word (const char *s,
              gsize       pos)
{
  gsize i = pos;

  while (i > 0 && g_ascii_isalpha (s[i - 1]))
    i--;

  return i < pos && (i == 0 || s[i - 1] != '\\');
}

static gsize
convert_group (Converter *conv,
               GString   *out,
               gsize      pos,
               gsize      end,
               Mode       mode,
               guint      depth,
               gboolean   bare)
{
  const char *s = conv->s;
  gsize close = group_end (conv, pos, end);
  gboolean keep_braces;

  if (close == 0)
    {
      g_string_append_c (out, '{');
      return pos + 1;
    }

  if (depth >= MAX_DEPTH)
    {
      g_string_append_len (out, s + pos, close + 1 - pos);
      return close + 1;
    }

  /* Braces are grouping, and vanish as in print, except right after a plain word in text: that
   * is a command whose backslash was lost on the way ("mathcal{O}", "text{depth}"), so it stays
   * as typed rather than run together. */
  keep_braces = bare && mode == MODE_TEXT && s[pos + 1] != '\\' && follows_word (s, pos);

  if (keep_braces)
    g_string_append_c (out, '{');
  convert_range (conv, out, pos + 1, close, mode, depth + 1);
  if (keep_braces)
    g_string_append_c (out, '}');

  return close + 1;
}

static gsize
convert_dollar (Converter *conv,
                GString   *out,
                gsize      pos,
                gsize      end,
                guint      depth)
{
  const char *s = conv->s;
  gsize close;

  if (pos + 1 < end && s[pos + 1] == '$')
    {
      close = depth < MAX_DEPTH ? find_closer (conv, CLOSER_DOUBLE_DOLLAR, pos, pos + 2, end) : 0;
      if (close == 0)
        {
          g_string_append (out, "$$");
          return pos + 2;
        }

      convert_range (conv, out, pos + 2, close, MODE_MATH, depth + 1);
      return close + 2;
    }

  if (pos + 1 < end && depth < MAX_DEPTH)
    {
      Closer kind = is_space (s[pos + 1]) ? CLOSER_DOLLAR_LOOSE : CLOSER_DOLLAR_TIGHT;

      close = find_closer (conv, kind, pos, pos + 1, end);
      if (close != 0)
        {
          convert_range (conv, out, pos + 1, close, MODE_MATH, depth + 1);
          return close + 1;
        }
    }

  g_string_append_c (out, '$');
  return pos + 1;
}

/* \( … \) and \[ … \]. */
static gsize
convert_math_parens (Converter *conv,
                     GString   *out,
                     gsize      pos,
                     gsize      end,
                     guint      depth)
{
  Closer kind = conv->s[pos + 1] == '(' ? CLOSER_PAREN : CLOSER_BRACKET;
  gsize close = depth < MAX_DEPTH ? find_closer (conv, kind, pos, pos + 2, end) : 0;

  if (close == 0)
    {
      g_string_append_len (out, conv->s + pos, 2);
      return pos + 2;
    }

  convert_range (conv, out, pos + 2, close, MODE_MATH, depth + 1);
  return close + 2;
}

/* Outside math "^"/"_" are usually literal (snake_case, "^_^"), but Hugging Face strips the
 * dollars from abstracts, leaving "O(d^2)", "10^{-6}", "W_{ij}", "L^2([0,1]^d)". Those are
 * converted when they are attached to something and map completely; the rest stays as typed. */
static gsize
convert_text_script (Converter *conv,
                     GString   *out,
                     gsize      pos,
                     gsize      end,
                     guint      depth)
{
  const char *s = conv->s;
  gboolean sup = s[pos] == '^';
  gsize p = pos + 1;
  gsize close;

  if (out->len > 0 && !is_space (out->str[out->len - 1]) && depth < MAX_DEPTH && p < end)
    {
      if (s[p] == '{' && (close = group_end (conv, p, end)) != 0)
        {
          g_autoptr(GString) arg = g_string_new (NULL);

          /* A space inside marks a lost command ("R^{mtimes n}", "T_{rm eff}"): keep it. */
          if (skip_to_space (s, p + 1, close) == close)
            convert_range (conv, arg, p + 1, close, MODE_MATH, depth + 1);

          if (arg->len == 0 || !append_mapped_script (out, arg->str, sup))
            g_string_append_len (out, s + pos, close + 1 - pos);

          return close + 1;
        }

      if (sup)
        {
          gsize q = p;
          gsize r;

          if (s[q] == '-' || s[q] == '+')
            q++;

          for (r = q; r < end && g_ascii_isdigit (s[r]); r++)
            ;

          if (r > q)
            {
              for (gsize i = p; i < r; i++)
                g_string_append_unichar (out, superscript_of ((guchar) s[i]));
              return r;
            }

          if (g_ascii_isalpha (s[p]) && superscript_of ((guchar) s[p]) != 0 &&
              (p + 1 >= end || !g_ascii_isalnum (s[p + 1])))
            {
              g_string_append_unichar (out, superscript_of ((guchar) s[p]));
              return p + 1;
            }
        }
    }

  g_string_append_c (out, s[pos]);
  return pos + 1;
}

static gsize
convert_script (Converter *conv,
                GString   *out,
                gsize      pos,
                gsize      end,
                Mode       mode,
                guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) arg = NULL;
  gsize p;

  if (mode == MODE_TEXT)
    return convert_text_script (conv, out, pos, end, depth);

  p = skip_spaces (s, pos + 1, end);
  if (depth >= MAX_DEPTH || p >= end || s[p] == '}' || s[p] == '^' || s[p] == '_')
    {
      g_string_append_c (out, s[pos]);
      return pos + 1;
    }

  arg = g_string_new (NULL);
  p = convert_one (conv, arg, p, end, MODE_MATH, depth + 1);
  append_script (out, arg, s[pos] == '^');

  return p;
}

/* An unknown command stays exactly as typed, and so do the groups right after it. */
static gsize
keep_unknown (Converter *conv,
              GString   *out,
              gsize      pos,
              gsize      p,
              gsize      end,
              gboolean   word)
{
  const char *s = conv->s;

  g_string_append_len (out, s + pos, p - pos);

  while (word)
    {
      gsize q = skip_spaces (s, p, end);
      gsize close;

      if (q >= end || s[q] != '{' || (close = group_end (conv, q, end)) == 0)
        break;

      g_string_append_len (out, s + p, close + 1 - p);
      p = close + 1;
    }

  return p;
}

static gsize
convert_sqrt (Converter *conv,
              GString   *out,
              gsize      p,
              gsize      end,
              guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) arg = g_string_new (NULL);
  gsize q = skip_spaces (s, p, end);

  if (q < end && s[q] == '[')
    {
      gsize r;

      for (r = q + 1; r < end && r <= q + MAX_SQRT_INDEX && s[r] != ']'; r++)
        ;

      if (r < end && s[r] == ']')
        {
          g_autoptr(GString) index = g_string_new (NULL);

          convert_range (conv, index, q + 1, r, MODE_MATH, depth + 1);
          strip_spaces (index);
          p = r + 1;

          if (strcmp (index->str, "3") == 0)
            g_string_append (out, "∛");
          else if (strcmp (index->str, "4") == 0)
            g_string_append (out, "∜");
          else
            {
              append_script (out, index, TRUE);
              g_string_append (out, "√");
            }
        }
      else
        g_string_append (out, "√");
    }
  else
    g_string_append (out, "√");

  if (convert_argument (conv, arg, &p, end, MODE_MATH, depth, TRUE))
    append_operand (out, arg->str);

  return p;
}

static gsize
convert_frac (Converter *conv,
              GString   *out,
              gsize      pos,
              gsize      p,
              gsize      end,
              guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) num = NULL;
  g_autoptr(GString) den = NULL;
  gsize num_start = skip_spaces (s, p, end);
  gsize num_end = simple_argument_end (conv, num_start, end);
  gsize den_start = num_end != 0 ? skip_spaces (s, num_end, end) : 0;
  gsize den_end = num_end != 0 ? simple_argument_end (conv, den_start, end) : 0;

  /* Both arguments must be there before anything is converted, so nothing is done twice. */
  if (den_end == 0)
    {
      g_string_append_len (out, s + pos, p - pos);
      return p;
    }

  num = g_string_new (NULL);
  den = g_string_new (NULL);
  convert_argument_at (conv, num, num_start, num_end, MODE_MATH, depth);
  convert_argument_at (conv, den, den_start, den_end, MODE_MATH, depth);
  strip_spaces (num);
  strip_spaces (den);

  append_operand (out, num->str);
  g_string_append_c (out, '/');
  append_operand (out, den->str);

  return den_end;
}

static gsize
convert_href (Converter *conv,
              GString   *out,
              gsize      pos,
              gsize      p,
              gsize      end,
              guint      depth)
{
  const char *s = conv->s;
  g_autoptr(GString) label = g_string_new (NULL);
  gsize q = skip_spaces (s, p, end);
  gsize close;

  if (q >= end || s[q] != '{' || (close = group_end (conv, q, end)) == 0)
    return keep_unknown (conv, out, pos, p, end, TRUE);

  p = close + 1;
  if (convert_argument (conv, label, &p, end, MODE_TEXT, depth, TRUE))
    strip_spaces (label);

  if (label->len > 0)
    {
      g_string_append_len (out, label->str, label->len);
      g_string_append (out, " (");
    }
  g_string_append_len (out, s + q + 1, close - q - 1);
  if (label->len > 0)
    g_string_append_c (out, ')');

  return p;
}

static gsize
convert_command (Converter *conv,
                 GString   *out,
                 gsize      pos,
                 gsize      end,
                 Mode       mode,
                 guint      depth)
{
  const char *s = conv->s;
  const Command *cmd = NULL;
  char name[MAX_NAME_LEN + 1];
  gsize p = pos + 1;
  gsize name_len;
  gboolean word;

  if (p >= end)
    {
      g_string_append_c (out, '\\');
      return p;
    }

  if (g_ascii_isalpha (s[p]))
    {
      while (p < end && g_ascii_isalpha (s[p]))
        p++;
      word = TRUE;
    }
  else if ((guchar) s[p] < 0x80)
    {
      if (mode == MODE_TEXT && (s[p] == '(' || s[p] == '['))
        return convert_math_parens (conv, out, pos, end, depth);
      p++;
      word = FALSE;
    }
  else
    {
      /* A backslash before a non-ASCII character is no command; both stay. */
      g_string_append_c (out, '\\');
      return pos + 1;
    }

  name_len = p - pos - 1;
  if (name_len <= MAX_NAME_LEN)
    {
      memcpy (name, s + pos + 1, name_len);
      name[name_len] = '\0';
      cmd = lookup_command (name);
    }

  if (cmd == NULL)
    return keep_unknown (conv, out, pos, p, end, word);

  if ((cmd->flags & FLAG_STAR) != 0 && p < end && s[p] == '*')
    p++;

  /* Everything but a plain symbol recurses; past the limit the command stays as typed. */
  if (depth >= MAX_DEPTH && cmd->kind != KIND_SYMBOL)
    {
      g_string_append_len (out, s + pos, p - pos);
      return p;
    }

  switch (cmd->kind)
    {
    case KIND_SYMBOL:
      g_string_append (out, cmd->text);
      return p;

    case KIND_DELIMITER_SIZE:
      {
        gsize q = skip_spaces (s, p, end);

        /* "\right." closes nothing visible. */
        return q < end && s[q] == '.' ? q + 1 : p;
      }

    case KIND_FONT:
      {
        Mode arg_mode = (cmd->flags & FLAG_TEXT_ARG) != 0 ? MODE_TEXT : MODE_MATH;

        if (!convert_argument (conv, out, &p, end, arg_mode, depth, TRUE))
          g_string_append_len (out, s + pos, p - pos);
        return p;
      }

    case KIND_DOUBLE_STRUCK:
      {
        g_autoptr(GString) arg = g_string_new (NULL);
        g_autoptr(GString) mapped = NULL;

        if (!convert_argument (conv, arg, &p, end, MODE_MATH, depth, TRUE))
          {
            g_string_append_len (out, s + pos, p - pos);
            return p;
          }

        mapped = g_string_sized_new (arg->len * 4);
        for (const char *c = arg->str; *c; c = g_utf8_next_char (c))
          {
            gunichar ds = double_struck_of (g_utf8_get_char (c));

            if (ds == 0)
              break;
            g_string_append_unichar (mapped, ds);
          }

        if (arg->len > 0 && g_utf8_strlen (arg->str, -1) == g_utf8_strlen (mapped->str, -1))
          g_string_append_len (out, mapped->str, mapped->len);
        else
          g_string_append_len (out, arg->str, arg->len);
        return p;
      }

    case KIND_ACCENT:
      {
        g_autoptr(GString) arg = g_string_new (NULL);

        /* "\c c" and "\hat x" take a space before the argument; "\' e" is rare and odd. */
        if (!convert_argument (conv, arg, &p, end, mode, depth, word))
          {
            g_string_append_len (out, s + pos, p - pos);
            return p;
          }

        append_accented (out, arg, cmd, s + pos, p - pos);
        return p;
      }

    case KIND_SQRT:
      return convert_sqrt (conv, out, p, end, depth);

    case KIND_FRAC:
      return convert_frac (conv, out, pos, p, end, depth);

    case KIND_URL:
      {
        gsize q = skip_spaces (s, p, end);
        gsize close;

        if (q >= end || s[q] != '{' || (close = group_end (conv, q, end)) == 0)
          return keep_unknown (conv, out, pos, p, end, TRUE);

        /* Addresses are copied byte for byte: "~" and "_" in them mean themselves. */
        g_string_append_len (out, s + q + 1, close - q - 1);
        return close + 1;
      }

    case KIND_HREF:
      return convert_href (conv, out, pos, p, end, depth);

    default:
      g_assert_not_reached ();
    }

  return p;
}

/* Converts one token at @pos: a command with its arguments, a group, math, a script, a ligature
 * or a single character. Always consumes at least one byte. */
static gsize
convert_one (Converter *conv,
             GString   *out,
             gsize      pos,
             gsize      end,
             Mode       mode,
             guint      depth)
{
  const char *s = conv->s;
  gsize next;

  switch (s[pos])
    {
    case '\\':
      return convert_command (conv, out, pos, end, mode, depth);

    case '{':
      return convert_group (conv, out, pos, end, mode, depth, TRUE);

    case '$':
      if (mode == MODE_TEXT)
        return convert_dollar (conv, out, pos, end, depth);
      break;

    case '^':
    case '_':
      return convert_script (conv, out, pos, end, mode, depth);

    case '~':
      if (mode == MODE_MATH)
        {
          g_string_append_c (out, ' ');
          return pos + 1;
        }
      /* "/~user" in a web address is no tie. */
      if (pos > 0 && s[pos - 1] == '/')
        break;
      g_string_append (out, NBSP);
      return pos + 1;

    case '-':
      if (mode == MODE_TEXT && pos + 1 < end && s[pos + 1] == '-')
        {
          if (pos + 2 < end && s[pos + 2] == '-')
            {
              g_string_append (out, "—");
              return pos + 3;
            }
          g_string_append (out, "–");
          return pos + 2;
        }
      break;

    case '`':
      if (mode == MODE_TEXT && pos + 1 < end && s[pos + 1] == '`')
        {
          g_string_append (out, "“");
          return pos + 2;
        }
      break;

    case '\'':
      if (mode == MODE_MATH)
        {
          g_string_append (out, "′");
          return pos + 1;
        }
      if (pos + 1 < end && s[pos + 1] == '\'')
        {
          g_string_append (out, "”");
          return pos + 2;
        }
      break;

    default:
      break;
    }

  next = g_utf8_next_char (s + pos) - s;
  g_string_append_len (out, s + pos, next - pos);

  return next;
}

/* Whitespace, line and paragraph separators, and control characters (\v, U+0085 NEL and the
 * like, which GLib does not count as space) all end a word. No-break spaces are ties in LaTeX,
 * so the converter asks to keep them. */
static inline gboolean
is_blank (gunichar c,
          gboolean keep_ties)
{
  if (keep_ties && (c == 0x00A0 || c == 0x2007 || c == 0x202F))
    return FALSE;

  return g_unichar_isspace (c) || g_unichar_iscntrl (c);
}

/* Folds every run of blanks in the valid UTF-8 @str into one space and trims both ends, in
 * place: what is written never overtakes what is read. */
static void
collapse_whitespace (GString  *str,
                     gboolean  keep_ties)
{
  gsize w = 0;
  gboolean pending = FALSE;

  for (gsize r = 0; r < str->len;)
    {
      gsize n = g_utf8_next_char (str->str + r) - (str->str + r);

      if (is_blank (g_utf8_get_char (str->str + r), keep_ties))
        {
          pending = w > 0;
          r += n;
          continue;
        }

      if (pending)
        {
          str->str[w++] = ' ';
          pending = FALSE;
        }

      memmove (str->str + w, str->str + r, n);
      w += n;
      r += n;
    }

  g_string_truncate (str, w);
}

/**
 * gleaner_text_collapse_whitespace:
 * @text: (nullable): any text, e.g. a name or title from the network
 *
 * Returns: (transfer full) (nullable): @text as valid UTF-8 on one line, or %NULL if @text is
 *   %NULL
 */
char *
gleaner_text_collapse_whitespace (const char *text)
{
  g_autofree char *valid = NULL;
  GString *str;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  str = g_string_new (valid);
  collapse_whitespace (str, FALSE);

  return g_string_free (str, FALSE);
}

/**
 * gleaner_text_from_latex:
 * @text: (nullable): a title or abstract as found on arXiv or Hugging Face
 *
 * Returns: (transfer full) (nullable): readable UTF-8 plain text, or %NULL if @text is %NULL
 */
char *
gleaner_text_from_latex (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree gint32 *match = NULL;
  Converter conv;
  GString *out;
  gsize len;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  len = strlen (valid);
  match = match_braces (valid, len);

  conv.s = valid;
  conv.match = match;
  for (guint i = 0; i < N_CLOSERS; i++)
    {
      conv.misses[i].from = G_MAXSIZE;
      conv.misses[i].end = 0;
    }

  out = g_string_sized_new (len + 16);
  convert_range (&conv, out, 0, len, MODE_TEXT, 0);
  collapse_whitespace (out, TRUE);

  return g_string_free (out, FALSE);
}
