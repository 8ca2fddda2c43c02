"""A small, deterministic Turtle writer in the layout of the bundled jurisdiction files.

rdflib's serialiser orders subjects by its own rules and folds lines unpredictably; a file an
analyst diffs needs one resource per block, its type first, then properties in a fixed order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://w3id.org/copgraph/"
_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def prefixes(code: str) -> dict[str, str]:
    """The prefixes of the bundled jurisdiction files, in their order."""
    return {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "cg": BASE + "ontology#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": XSD,
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dcterms": "http://purl.org/dc/terms/",
        "eli": "http://data.europa.eu/eli/ontology#",
        "jur": BASE + "jurisdiction/",
        "req": BASE + "requirement/",
        "m": f"{BASE}jurisdiction/{code}/measure/",
        "c": f"{BASE}jurisdiction/{code}/claim/",
    }


@dataclass(frozen=True)
class Iri:
    value: str


@dataclass(frozen=True)
class Lit:
    value: str
    datatype: str = ""  # full IRI; empty for a plain or language-tagged string
    lang: str = ""


@dataclass(frozen=True)
class Blank:
    label: str


Term = Iri | Lit | Blank


@dataclass
class Block:
    """One resource: subject, then (predicate, objects) in the order given."""

    subject: Term
    properties: list[tuple[str, list[Term]]] = field(default_factory=list)
    comment: str = ""

    def add(self, predicate: str, *objects: Term | None) -> None:
        values = [o for o in objects if o is not None]
        if values:
            self.properties.append((predicate, values))


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


class Writer:
    def __init__(self, code: str) -> None:
        self.prefixes = prefixes(code)

    def term(self, term: Term) -> str:
        if isinstance(term, Blank):
            return "_:" + term.label
        if isinstance(term, Iri):
            for name, ns in self.prefixes.items():
                if term.value.startswith(ns) and _LOCAL.fullmatch(term.value[len(ns):]):
                    return f"{name}:{term.value[len(ns):]}"
            return f"<{term.value}>"
        if term.lang:
            return f'"{escape(term.value)}"@{term.lang}'
        if term.datatype == XSD + "integer" and re.fullmatch(r"[+-]?[0-9]+", term.value):
            return term.value
        if term.datatype and term.datatype != XSD + "string":
            return f'"{escape(term.value)}"^^{self.term(Iri(term.datatype))}'
        return f'"{escape(term.value)}"'

    def block(self, block: Block) -> str:
        lines = [f"# {block.comment}"] if block.comment else []
        subject = "[]" if isinstance(block.subject, Blank) and block.subject.label == "" else self.term(block.subject)
        props = list(block.properties)
        head = subject
        typed = bool(props) and props[0][0] == "rdf:type"
        if typed:
            head += " a " + " , ".join(self.term(o) for o in props[0][1])
            props = props[1:]
        if not props:
            return "\n".join([*lines, head + " ."])
        if not typed and len(props) == 1 and len(props[0][1]) == 1:
            return "\n".join([*lines, f"{head} {props[0][0]} {self.term(props[0][1][0])} ."])
        lines.append(head + (" ;" if typed else ""))
        for i, (predicate, objects) in enumerate(props):
            end = " ." if i == len(props) - 1 else " ;"
            rendered = [self.term(o) for o in objects]
            lines.append(f"    {predicate} " + " ,\n        ".join(rendered) + end)
        return "\n".join(lines)

    def document(self, header: list[str], sections: list[tuple[str, list[Block]]]) -> str:
        out = [f"# {line}" if line else "#" for line in header]
        out.append("")
        width = max(len(n) for n in self.prefixes) + 1
        out += [f"@prefix {(name + ':').ljust(width)} <{ns}> ." for name, ns in self.prefixes.items()]
        for title, blocks in sections:
            if not blocks:
                continue
            out += ["", f"# {'-' * 64} {title}", ""]
            out.append("\n\n".join(self.block(b) for b in blocks))
        return "\n".join(out) + "\n"
