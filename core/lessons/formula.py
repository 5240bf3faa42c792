"""The small arithmetic a lesson's check may expect a count to equal.

A check such as ``{"metric": "iterations_per_epoch", "equals": "ceil(n_train / batch_size)"}``
states the primer's rule as a formula over a closed set of names (:data:`NAMES`): the
numbers of the run it is checked on. Only numbers, those names, ``+ - * /``, parentheses
and ``ceil``/``floor`` are understood; anything else is refused with one sentence, so a
lesson file can never run code.
"""

from __future__ import annotations

import ast
import math

from core.errors import SpecError

#: The names a formula may use, and what each means.
NAMES = {
    "n_train": "samples in the training set",
    "batch_size": "samples per iteration (the training set's size for \"full\")",
    "epochs": "epochs the experiment asks for",
}
_FUNCTIONS = {"ceil": math.ceil, "floor": math.floor}
_OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
              ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b}
MAX_FORMULA_CHARS = 200


def parse_formula(text, path: str) -> ast.Expression:
    """Parse ``text`` as a formula; SpecError naming ``path`` if it is not one."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_FORMULA_CHARS:
        raise SpecError(f"{path}: expected a number or a formula such as "
                        f"\"ceil(n_train / batch_size)\" (at most {MAX_FORMULA_CHARS} "
                        "characters)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise SpecError(f"{path}: {text!r} is not a formula; write e.g. "
                        "\"ceil(n_train / batch_size)\"") from None
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Expression, ast.Load)) or type(node) in _OPERATORS:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and \
                not isinstance(node.value, bool):
            continue
        if isinstance(node, ast.Name) and (node.id in NAMES or
                                           (node.id in _FUNCTIONS and id(node) in callees)):
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in _FUNCTIONS and len(node.args) == 1 and not node.keywords:
            continue
        if isinstance(node, ast.Name):
            raise SpecError(f"{path}: unknown name {node.id!r} in the formula; known: "
                            f"{', '.join(NAMES)}, ceil, floor")
        raise SpecError(f"{path}: the formula may use only numbers, {', '.join(NAMES)}, "
                        "+ - * /, parentheses, ceil and floor")
    return tree


def evaluate_formula(text: str, values: dict) -> float:
    """The value of formula ``text`` with ``values`` for its names (already validated)."""
    return _value(parse_formula(text, "formula").body, values)


def substituted(text: str, values: dict) -> str:
    """``text`` with every name replaced by its number: ``"ceil(360 / 32)"``."""
    tree = parse_formula(text, "formula")

    class _Numbers(ast.NodeTransformer):
        def visit_Name(self, node):  # ast override
            if node.id in NAMES:
                return ast.copy_location(ast.Constant(_plain(values[node.id])), node)
            return node

    return ast.unparse(_Numbers().visit(tree))


def _plain(value):
    return int(value) if float(value).is_integer() else value


def _value(node, values: dict) -> float:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, values), _value(node.right, values)
        if isinstance(node.op, ast.Div) and right == 0:
            return math.nan
        return _OPERATORS[type(node.op)](left, right)
    return _FUNCTIONS[node.func.id](_value(node.args[0], values))
