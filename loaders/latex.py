"""LaTeX in bibliographic text, decoded to Unicode with pylatexenc.

BibTeX files and arXiv metadata write accents and symbols as LaTeX
(``Mart{\\'\\i}n``, ``J\\"orgensen``, ``\\TeX``). Every spelling of a letter
must come out as one precomposed code point, or the same person gets two
names. pylatexenc knows the accents; the few macros it drops whole (logos,
``\\texttt``) are taught here so that their text survives.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.latexwalker import LatexMacroNode

from kg.names import normalize_text

# What LaTeX looks like: commands, groups, math, ties, special characters,
# dash and quote ligatures.
_LATEX_MARKS = re.compile(r"[\\{}$~%&^_#]|--|``|''")

# Logos pylatexenc does not know; it would drop them and their text.
_LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX"}
# Markup whose argument is the text itself; pylatexenc would drop it.
_KEEP_ARGUMENT = (
    "texttt",
    "textsf",
    "textrm",
    "textup",
    "textmd",
    "mkbibquote",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "enquote",
    "mbox",
    "hbox",
    "textnormal",
)


def _arguments(node: LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
    """The text of a macro's arguments; none if the parser gave it none.

    pylatexenc passes the decoder by the parameter name ``l2tobj``.
    """
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    return l2tobj.nodelist_to_text([a for a in arguments if a is not None])


@cache
def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in _LOGOS.items()]
    macros += [MacroTextSpec(name, simplify_repl=_arguments) for name in _KEEP_ARGUMENT]
    context.add_context_category("bibliographic-text", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=context, math_mode="text")


@lru_cache(maxsize=8192)
def latex_to_text(text: str) -> str:
    """Plain Unicode text (NFC, single spaces) from a LaTeX-marked string.

    Most names and titles hold no LaTeX at all; those skip the parser,
    which is by far the slowest step of reading a file. Names recur, so
    the last few thousand answers are kept.
    """
    if _LATEX_MARKS.search(text) is None:
        return normalize_text(text)
    return normalize_text(_decoder().latex_to_text(text))
