/* gleaner-text-tables.c — the data of the LaTeX converter: the command table and the maps to
 * Unicode super/subscript and double-struck letters.
 *
 * Kept apart from gleaner-text.c because it is long, flat data that changes for different
 * reasons (a new symbol) than the converter's logic does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gleaner-text"

#include "config.h"

#include "gleaner-text-private.h"

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

const Command *
_gleaner_text_lookup_command (const char *name)
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

gunichar
_gleaner_text_superscript_of (gunichar c)
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

gunichar
_gleaner_text_subscript_of (gunichar c)
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

gunichar
_gleaner_text_double_struck_of (gunichar c)
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
