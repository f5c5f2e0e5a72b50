"""The pieces a section's form is made of, each for one shape of value in a standard's document.

Every widget does three things for the value at a path:
- `bind`: the value as a `Node` the templates render (`editor/_fields.html`), with its input's name
  and id taken from the path (forms_app/editor/forms/paths.py);
- `parse`: the value back from the posted form, keeping what was typed even when it is wrong
  (`layanan check` says what is wrong, in its own words); `KEEP` when the form did not hold it,
  `MISSING` when an optional value was left empty (the key is then removed, not written as "");
- `blank`: the value of a new, empty one (a list item just added, a component made known).

No widget judges a value: the only rules are those of `standard_drafts.check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from forms_app.editor.forms.paths import Path, control, element_id, label, submitted
from layanan.durasi import SatuanWaktu
from layanan.model import Saluran

UNKNOWN = "tidak_diketahui"


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
KEEP = _Marker("KEEP")        # the form did not hold this value: leave it as it is
MISSING = _Marker("MISSING")  # an optional value left empty: remove its key


@dataclass
class Node:
    """One piece of a rendered form: a field, a list, a group, a choice of known or unknown."""

    kind: str
    path: Path
    label: str
    id: str
    name: str
    where: str                          # how the summary names it: "Prosedur › Online › Langkah 3"
    value: Any = ""
    hint: str | None = None
    children: list[Node] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def described_by(self) -> str:
        ids = []
        if self.hint:
            ids.append(f"{self.id}-petunjuk")
        if self.warnings:
            ids.append(f"{self.id}-catatan")
        if self.errors:
            ids.append(f"{self.id}-galat")
        return " ".join(ids)


@dataclass
class Binding:
    """What binding a section collects: every node by its path's label (for the problems), and
    the optional fields the editor asked to show."""

    revealed: frozenset[str] = frozenset()
    nodes: dict[str, Node] = field(default_factory=dict)

    def register(self, node: Node) -> Node:
        self.nodes.setdefault(label(node.path), node)
        return node


def _where(parent: str, own: str) -> str:
    return f"{parent} › {own}" if parent else own


class Widget:
    key: str | None = None
    label: str = ""
    hint: str | None = None

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        raise NotImplementedError

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        raise NotImplementedError

    def blank(self) -> Any:
        raise NotImplementedError

    def summary(self, value: Any) -> str:
        raise NotImplementedError



def _text_of(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _short(text: str, size: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class Text(Widget):
    """One line of text, several lines (`multiline`), a date (`input_type="date"`), or a whole
    number (`whole_number`: digits are stored as a number, anything else as the text typed)."""

    def __init__(self, key: str | None, label: str, hint: str | None = None, *, required: bool = False,
                 multiline: bool = False, input_type: str = "text", width: str | None = None,
                 inputmode: str | None = None, autocomplete: str | None = None,
                 whole_number: bool = False) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.required = required
        self.multiline = multiline
        self.input_type = input_type
        self.width = width
        self.inputmode = inputmode
        self.autocomplete = autocomplete
        self.whole_number = whole_number


    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        text = _text_of(value)
        input_type = self.input_type
        if input_type == "date" and text and not _ISO_DATE.fullmatch(text):
            input_type = "text"  # a browser's date field would show (and send back) nothing: keep what is there
        return binding.register(Node(
            "textarea" if self.multiline else "text", path, own, element_id(path), label(path),
            _where(where, own), text, self.hint,
            extra={"type": input_type, "width": self.width, "inputmode": self.inputmode,
                   "autocomplete": self.autocomplete}))

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        raw = form.get(label(path))
        if raw is None:
            return KEEP
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip() if self.multiline else " ".join(
            text.split())
        if not text:
            return "" if self.required else MISSING
        if self.whole_number and re.fullmatch(r"[0-9]+", text):
            return int(text)
        return text

    def blank(self) -> Any:
        return "" if self.required else MISSING

    def summary(self, value: Any) -> str:
        return _short(_text_of(value)) or "—"


class Choice(Widget):
    """One of a few values, as a list box or radio buttons. A value the file holds that is not
    among them stays selectable (marked), so opening and saving never changes it silently."""

    def __init__(self, key: str | None, label: str, options: list[tuple[str, str]], hint: str | None = None,
                 *, radios: bool = False, required: bool = True) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.options = options
        self.radios = radios
        self.required = required


    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        text = _text_of(value)
        options = list(self.options)
        if text and text not in {v for v, _ in options}:
            options.append((text, f"{text} (tidak dikenal)"))
        return binding.register(Node("radios" if self.radios else "select", path, own, element_id(path),
                                     label(path), _where(where, own), text, self.hint, options=options))

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        raw = form.get(label(path))
        if raw is None:
            return KEEP
        text = raw.strip()
        if not text:
            return "" if self.required else MISSING
        return text

    def blank(self) -> Any:
        return "" if self.required else MISSING

    def summary(self, value: Any) -> str:
        names = dict(self.options)
        return names.get(_text_of(value), _text_of(value)) or "—"


class YesNo(Widget):
    """A true/false value as two radio buttons with words (gratis: "Gratis" / "Bertarif")."""

    def __init__(self, key: str, label: str, yes: str, no: str, hint: str | None = None) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.yes, self.no = yes, no

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        chosen = "ya" if value is True else "tidak" if value is False else ""
        return binding.register(Node("radios", path, own, element_id(path), label(path), _where(where, own),
                                     chosen, self.hint, options=[("ya", self.yes), ("tidak", self.no)]))

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        raw = form.get(label(path))
        if raw == "ya":
            return True
        if raw == "tidak":
            return False
        return KEEP

    def blank(self) -> Any:
        return True

    def summary(self, value: Any) -> str:
        return self.yes if value is True else self.no if value is False else _text_of(value) or "—"


class Flag(Widget):
    """A check box for a true/false value that is false unless said (contoh)."""

    def __init__(self, key: str, label: str, hint: str | None = None) -> None:
        self.key, self.label, self.hint = key, label, hint


    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        return binding.register(Node("flag", path, own, element_id(path), label(path), _where(where, own),
                                     value is True, self.hint, extra={"marker": control(path, "ada")}))

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        if form.get(control(path, "ada")) is None:
            return KEEP
        if form.get(label(path)) is not None:
            return True
        return False if old is not None else MISSING

    def blank(self) -> Any:
        return MISSING

    def summary(self, value: Any) -> str:
        return "Ya" if value is True else "Tidak"


UNITS = [(unit.value, unit.value) for unit in SatuanWaktu]
_DURATION = re.compile(r"\s*([0-9]+)\s*(.*)", re.DOTALL)


class Duration(Widget):
    """A length of time as a number and a unit (menit, jam, hari, hari kerja), stored as the
    file writes it: '3 hari kerja'. What was typed is kept as typed ('10', '10 minggu')."""

    def __init__(self, key: str | None, label: str, hint: str | None = None) -> None:
        self.key, self.label, self.hint = key, label, hint

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        text = _text_of(value)
        match = _DURATION.fullmatch(text)
        number, unit = (match[1], " ".join(match[2].split())) if match else (text, "")
        options = list(UNITS)
        if unit and unit not in {v for v, _ in options}:
            options.append((unit, f"{unit} (tidak dikenal)"))
        return binding.register(Node(
            "duration", path, own, element_id(path), label(path), _where(where, own), number, self.hint,
            options=options,
            extra={"unit": unit, "number_name": control(path, "jumlah"), "unit_name": control(path, "satuan"),
                   "unit_id": element_id(path, "satuan")}))

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        number, unit = form.get(control(path, "jumlah")), form.get(control(path, "satuan"))
        if number is None and unit is None:
            return KEEP
        return " ".join(part for part in (" ".join((number or "").split()), (unit or "").strip()) if part)

    def blank(self) -> Any:
        return ""

    def summary(self, value: Any) -> str:
        return _text_of(value) or "—"


class Reveal(Widget):
    """Optional fields shown when they hold something, or when the editor asks for them with a
    button (they stay out of the way otherwise). Lives in a `Group`; its fields are the group's."""

    def __init__(self, children: list[Widget], button: str, hint: str | None = None) -> None:
        self.children, self.button, self.hint = children, button, hint
        self.label = button

    def shown(self, value: dict[str, Any], path: Path, binding: Binding) -> bool:
        return (any(child.key in value for child in self.children)
                or label(path + (self.children[0].key,)) in binding.revealed)


class Group(Widget):
    """A mapping of named fields (an address, a tariff, the SK). Keys it does not know are kept."""

    def __init__(self, key: str | None, label: str, children: list[Widget], hint: str | None = None, *,
                 shorthand: str | None = None) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.children = children
        self.shorthand = shorthand  # a bare value means this key (WaktuSaluran's '3 hari kerja')

    def fields(self) -> list[Widget]:
        found: list[Widget] = []
        for child in self.children:
            found.extend(child.children if isinstance(child, Reveal) else [child])
        return found

    def _mapping(self, value: Any) -> dict[str, Any]:
        if isinstance(value, dict) and UNKNOWN not in value:
            return value
        if self.shorthand and value is not None and not isinstance(value, dict | list):
            return {self.shorthand: value}
        return {}

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        here = _where(where, own) if own else where
        mapping = self._mapping(value)
        children = []
        for child in self.children:
            if isinstance(child, Reveal):
                if child.shown(mapping, path, binding):
                    children.extend(grand.bind(mapping.get(grand.key), path + (grand.key,), binding, here)
                                    for grand in child.children)
                else:
                    children.append(Node("reveal", path + (child.children[0].key,), child.button,
                                         element_id(path + (child.children[0].key,), "tampilkan"), "", here,
                                         hint=child.hint,
                                         extra={"action": f"tampilkan:{label(path + (child.children[0].key,))}"}))
            else:
                children.append(child.bind(mapping.get(child.key), path + (child.key,), binding, here))
        node = Node("group", path, own, element_id(path), label(path), here, hint=self.hint, children=children)
        return binding.register(node)

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        if not submitted(form, path):
            return KEEP
        new = dict(self._mapping(old))
        for child in self.fields():
            value = child.parse(form, path + (child.key,), new.get(child.key))
            if value is MISSING:
                new.pop(child.key, None)
            elif value is not KEEP:
                new[child.key] = value
        return new

    def blank(self) -> Any:
        return {child.key: child.blank() for child in self.fields() if child.blank() is not MISSING}

    def summary(self, value: Any) -> str:
        mapping = self._mapping(value)
        parts = [f"{child.label}: {child.summary(mapping[child.key])}" for child in self.fields()
                 if child.key in mapping]
        return _short("; ".join(parts), 200) or "—"


_CHANNEL_NAMES = {channel.label.lower() for channel in Saluran}


def _channel_of(where: str) -> str:
    last = where.split(" › ")[-1].lower()
    return last if last in _CHANNEL_NAMES else ""


class Items(Widget):
    """A list: each item its own input(s), with buttons to add, remove and move items."""

    def __init__(self, key: str | None, label: str, item: Widget, noun: str, hint: str | None = None, *,
                 optional: bool = False) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.item = item
        self.noun = noun
        self.optional = optional


    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        here = _where(where, own) if own else where
        items = value if isinstance(value, list) else []
        channel = _channel_of(where)  # the same list per channel: its buttons say which channel
        children = []
        for index, item in enumerate(items):
            number = index + 1
            name = f"{self.noun.capitalize()} {number}"
            node = self.item.bind(item, path + (index,), binding,
                                  where if own.casefold() == self.noun.casefold() else here, name)
            node.extra.update({
                "number": number, "first": index == 0, "last": index == len(items) - 1,
                "remove": f"hapus:{label(path + (index,))}", "up": f"naik:{label(path + (index,))}",
                "down": f"turun:{label(path + (index,))}",
                "item_name": f"{self.noun} {number}" + (f" ({channel})" if channel else ""),
            })
            children.append(node)
        node = Node("items", path, own, element_id(path), label(path), here, hint=self.hint, children=children,
                    extra={"marker": control(path, "daftar"), "add": f"tambah:{label(path)}", "noun": self.noun,
                           "context": channel})
        return binding.register(node)

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        if form.get(control(path, "daftar")) is None and not submitted(form, path):
            return KEEP
        olds = old if isinstance(old, list) else []
        new = []
        index = 0
        while submitted(form, path + (index,)):
            previous = olds[index] if index < len(olds) else None
            value = self.item.parse(form, path + (index,), previous)
            if value is KEEP:
                value = previous if previous is not None else self.item.blank()
            new.append("" if value is MISSING else value)
            index += 1
        if not new and self.optional:
            return MISSING
        return new

    def blank(self) -> Any:
        return MISSING if self.optional else [self.item.blank()]

    def new_item(self) -> Any:
        return self.item.blank()

    def summary(self, value: Any) -> str:
        if not isinstance(value, list):
            return _text_of(value) or "—"
        if not value:
            return f"tidak ada {self.noun}"
        first = self.item.summary(value[0])
        return f"{len(value)} {self.noun} (1. {_short(first, 60)})"


class Unknown(Widget):
    """A value, or `{tidak_diketahui: "<why>"}` when the office has not published it."""

    def __init__(self, inner: Widget, hint: str | None = None, *, known: str = "Diketahui",
                 unknown: str = "Belum diketahui") -> None:
        self.inner = inner
        self.key, self.label = inner.key, inner.label
        self.hint = hint if hint is not None else inner.hint
        inner.hint = None if hint is None else inner.hint
        self.known_label, self.unknown_label = known, unknown

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        here = _where(where, own)
        is_unknown = isinstance(value, dict) and UNKNOWN in value
        inner_value = self.inner.blank() if is_unknown or value is None else value
        inner = self.inner.bind(None if inner_value is MISSING else inner_value, path, binding, where, own)
        inner.extra["bare"] = True
        reason = binding.register(Node(
            "text", path + (UNKNOWN,), "Alasan belum diketahui", element_id(path + (UNKNOWN,)),
            label(path + (UNKNOWN,)), _where(here, "Alasan belum diketahui"),
            _text_of(value.get(UNKNOWN)) if is_unknown else "",
            "Ditulis di halaman: belum dipublikasikan, beserta alasan ini.", extra={"type": "text"}))
        node = Node("unknown", path, own, element_id(path, "pilihan"), control(path, "status"), here,
                    "tidak_diketahui" if is_unknown else "diketahui", self.hint, children=[inner, reason],
                    options=[("diketahui", self.known_label), (UNKNOWN, self.unknown_label)])
        if is_unknown:  # what is said about an unknown value (its reason) goes beside the reason, not the empty fields
            binding.nodes[label(path)] = reason
        return binding.register(node)

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        status = form.get(control(path, "status"))
        if status == UNKNOWN:
            reason = " ".join((form.get(label(path + (UNKNOWN,))) or "").split())
            return {UNKNOWN: reason}
        if status != "diketahui":
            return KEEP
        previous = None if isinstance(old, dict) and UNKNOWN in old else old
        value = self.inner.parse(form, path, previous)
        if value is KEEP:
            return previous if previous is not None else self.inner.blank()
        return value

    def blank(self) -> Any:
        return self.inner.blank()

    def summary(self, value: Any) -> str:
        if isinstance(value, dict) and UNKNOWN in value:
            return f"Belum diketahui: {_short(_text_of(value[UNKNOWN]), 120)}"
        return self.inner.summary(value)


class Channels(Widget):
    """A value per channel (kunjungan_langsung, online, telepon, surat); channels can be added
    and removed. A key that is not a channel is kept, shown, and can be removed."""

    def __init__(self, key: str, label: str, per_channel: Widget, hint: str | None = None) -> None:
        self.key, self.label, self.hint = key, label, hint
        self.per_channel = per_channel

    def bind(self, value: Any, path: Path, binding: Binding, where: str, title: str | None = None) -> Node:
        own = title or self.label
        here = _where(where, own)
        mapping = value if isinstance(value, dict) and UNKNOWN not in value else {}
        children = []
        for channel in Saluran:
            if channel.value in mapping:
                child = self.per_channel.bind(mapping[channel.value], path + (channel.value,), binding, here,
                                              channel.label)
                child.extra["remove"] = f"hapus:{label(path + (channel.value,))}"
                child.extra["channel"] = channel.label
                children.append(child)
        for key, item in mapping.items():
            if key not in {channel.value for channel in Saluran}:
                foreign = binding.register(Node(
                    "foreign", path + (key,), key, element_id(path + (key,)), label(path + (key,)),
                    _where(here, key), _short(str(item), 200),
                    extra={"remove": f"hapus:{label(path + (key,))}", "channel": f"'{key}'"}))
                children.append(foreign)
        absent = [(channel.value, channel.label) for channel in Saluran if channel.value not in mapping]
        node = Node("channels", path, own, element_id(path), label(path), here, hint=self.hint, children=children,
                    options=absent, extra={"marker": control(path, "daftar"), "add": f"tambah:{label(path)}",
                                           "new_name": control(path, "baru"),
                                           "new_id": element_id(path, "baru")})
        return binding.register(node)

    def parse(self, form: Any, path: Path, old: Any) -> Any:
        if form.get(control(path, "daftar")) is None:
            return KEEP
        olds = old if isinstance(old, dict) and UNKNOWN not in old else {}
        new: dict[str, Any] = {}
        for channel in Saluran:
            if submitted(form, path + (channel.value,)):
                value = self.per_channel.parse(form, path + (channel.value,), olds.get(channel.value))
                if value is KEEP:
                    value = olds.get(channel.value, self.per_channel.blank())
                new[channel.value] = value
            elif channel.value in olds:
                new[channel.value] = olds[channel.value]
        for key, item in olds.items():
            if key not in new and key not in {channel.value for channel in Saluran}:
                new[key] = item
        return new

    def blank(self) -> Any:
        return {}

    def new_channel(self) -> Any:
        value = self.per_channel.blank()
        return {} if value is MISSING else value

    def summary(self, value: Any) -> str:
        if not isinstance(value, dict) or UNKNOWN in value:
            return "—"
        if not value:
            return "belum ada saluran"
        names = {channel.value: channel.label for channel in Saluran}
        return "; ".join(f"{names.get(key, key)}: {self.per_channel.summary(item)}" for key, item in value.items())
