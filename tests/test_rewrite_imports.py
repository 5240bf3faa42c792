"""The restructure's import rewriter (.ci/restructure/rewrite_imports.py), on a toy tree.

The toy package ``shop`` stands in for ``core``: ``shop.old`` was renamed to
``shop.fresh``, the module ``shop.cart`` became the package ``shop/cart/`` with its
content in ``shop.cart.base`` (the same-name case of ``core.training``), and ``Item``
then moved on to ``shop.cart.item`` (a split after the rename).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "restructure" / "rewrite_imports.py"
_spec = importlib.util.spec_from_file_location("rewrite_imports", SCRIPT)
rewrite_imports = sys.modules.setdefault("rewrite_imports", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(rewrite_imports)

MOVES = """\
"shop.old" = "shop.fresh"
"shop.old:count" = "shop.fresh:tally"
"shop.cart" = "shop.cart.base"
"shop.cart:Item" = "shop.cart.item:Item"
"shop.cart:PRICE_LIMIT" = "shop.cart.item:PRICE_LIMIT"
"shop.tools:plural" = "shop.wording:plural"

[paths]
"tests/test_old.py" = "tests/fresh/test_fresh.py"
"""


@pytest.fixture
def tree(tmp_path):
    """A repository with the new layout on disk and the mapping beside it."""
    for module in ("shop/__init__.py", "shop/fresh.py", "shop/tools.py", "shop/wording.py",
                   "shop/cart/__init__.py", "shop/cart/base.py", "shop/cart/item.py"):
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text("")
    (tmp_path / "moves_shop.toml").write_text(MOVES)
    return tmp_path


def rewrite(tree: Path, name: str, text: str, *options: str) -> tuple[int, str]:
    path = tree / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    status = rewrite_imports.main([*options, "--no-sort", "--root", str(tree), "--moves",
                                   str(tree / "moves_shop.toml"), str(path)])
    return status, path.read_text()


def test_each_import_form_is_rewritten(tree):
    status, text = rewrite(tree, "app.py", """\
        import shop.old
        import shop.old as legacy
        from shop.old import count, Other as O
        from shop import old
        from shop.cart import Cart, Item, base
        from shop.tools import plural, sharpen


        def later():
            from shop.cart import Item  # keep this comment
            return Item
        """)
    assert status == 0
    assert text == textwrap.dedent("""\
        import shop.fresh
        import shop.fresh as legacy
        from shop.fresh import tally as count, Other as O
        from shop import fresh as old
        from shop.cart.base import Cart
        from shop.cart.item import Item
        from shop.cart import base
        from shop.wording import plural
        from shop.tools import sharpen


        def later():
            from shop.cart.item import Item  # keep this comment
            return Item
        """)


def test_dotted_uses_after_a_plain_import_follow_the_module(tree):
    source = """\
        import shop.old


        def test_patch(monkeypatch):
            import shop.cart
            monkeypatch.setattr(shop.old.os, "fsync", None)
            monkeypatch.setattr(shop.cart, "LIMIT", 3)
            return shop.cart.base.Cart, shop.tools.plural
        """
    _, text = rewrite(tree, "test_dotted.py", source)
    assert text == textwrap.dedent("""\
        import shop.fresh


        def test_patch(monkeypatch):
            import shop.cart.base
            import shop.wording
            monkeypatch.setattr(shop.fresh.os, "fsync", None)
            monkeypatch.setattr(shop.cart.base, "LIMIT", 3)
            return shop.cart.base.Cart, shop.wording.plural
        """)
    assert rewrite(tree, "test_dotted.py", text)[1] == text


def test_a_dotted_name_that_moved_on_names_its_new_module_and_imports_it(tree):
    source = """\
        import shop.cart


        def test_patch(monkeypatch):
            import shop.cart
            monkeypatch.setattr(shop.cart, "Item", None)
            return shop.cart.PRICE_LIMIT
        """
    _, text = rewrite(tree, "test_moved_on.py", source)
    assert text == textwrap.dedent("""\
        import shop.cart.base


        def test_patch(monkeypatch):
            import shop.cart.base
            import shop.cart.item
            monkeypatch.setattr(shop.cart.item, "Item", None)
            return shop.cart.item.PRICE_LIMIT
        """)
    assert rewrite(tree, "test_moved_on.py", text)[1] == text


def test_a_noqa_comment_goes_with_every_statement_of_a_split(tree):
    _, text = rewrite(tree, "late.py", "from shop.cart import Cart, Item  # noqa: E402\n")
    assert text == ("from shop.cart.base import Cart  # noqa: E402\n"
                    "from shop.cart.item import Item  # noqa: E402\n")


def test_a_noqa_comment_inside_a_wrapped_statement_is_kept(tree):
    _, text = rewrite(tree, "wrapped.py", """\
        from shop.old import (count,  # noqa: E402
                              Other)
        from shop.cart import Cart, Item, PRICE_LIMIT, something_with_a_rather_long_name  # noqa: E402
        """)
    assert text == textwrap.dedent("""\
        from shop.fresh import tally as count, Other  # noqa: E402
        from shop.cart.base import Cart, something_with_a_rather_long_name  # noqa: E402
        from shop.cart.item import Item, PRICE_LIMIT  # noqa: E402
        """)


def test_running_twice_changes_nothing(tree):
    source = """\
        from shop.cart import Cart, Item
        from shop import cart as shop_cart
        shop_cart.Item()
        """
    _, once = rewrite(tree, "twice.py", source)
    status, twice = rewrite(tree, "twice.py", once)
    assert status == 0 and twice == once
    assert rewrite(tree, "twice.py", once, "--check")[0] == 0


def test_a_package_that_kept_the_old_modules_name_is_left_alone(tree):
    source = """\
        from shop.cart.base import Cart
        from shop.cart import base, item
        import shop.cart.base as base_module
        """
    status, text = rewrite(tree, "same_name.py", source)
    assert status == 0 and text == textwrap.dedent(source)


def test_a_name_split_out_after_a_rename_follows_from_the_renamed_module(tree):
    _, text = rewrite(tree, "split.py", "from shop.cart.base import Cart, Item, PRICE_LIMIT\n")
    assert text == ("from shop.cart.base import Cart\n"
                    "from shop.cart.item import Item, PRICE_LIMIT\n")


def test_module_attributes_and_monkeypatch_targets_follow_their_names(tree):
    _, text = rewrite(tree, "test_patch.py", """\
        from shop import cart


        def test_limit(monkeypatch):
            monkeypatch.setattr(cart, "PRICE_LIMIT", 1)
            monkeypatch.setattr("shop.cart.get_price", len)
            monkeypatch.setattr("shop.cart.Item", dict)
            assert cart.Item() and cart.Cart()
        """)
    assert text == textwrap.dedent("""\
        from shop.cart import base as cart
        from shop.cart import item


        def test_limit(monkeypatch):
            monkeypatch.setattr(item, "PRICE_LIMIT", 1)
            monkeypatch.setattr("shop.cart.base.get_price", len)
            monkeypatch.setattr("shop.cart.item.Item", dict)
            assert item.Item() and cart.Cart()
        """)


def test_an_alias_whose_every_use_moved_is_dropped_and_a_taken_name_avoided(tree):
    _, text = rewrite(tree, "taken.py", """\
        from shop import cart


        def total(item):
            return cart.PRICE_LIMIT + item
        """)
    assert text == textwrap.dedent("""\
        from shop.cart import item as item_module


        def total(item):
            return item_module.PRICE_LIMIT + item
        """)


def test_a_local_that_shadows_the_alias_is_not_rewritten(tree):
    _, text = rewrite(tree, "shadow.py", """\
        from shop import cart


        def price(cart):
            return cart.Item
        """)
    assert text == textwrap.dedent("""\
        from shop.cart import base as cart


        def price(cart):
            return cart.Item
        """)


def test_a_long_statement_is_wrapped_in_parentheses(tree):
    names = ", ".join(f"name_number_{k}" for k in range(8))
    _, text = rewrite(tree, "long.py", f"from shop.old import ({names})\n")
    assert text.splitlines() == ["from shop.fresh import ("] + \
        [f"    name_number_{k}," for k in range(8)] + [")"]


def test_docstrings_comments_markdown_and_paths(tree):
    _, text = rewrite(tree, "doc.py", '''\
        """Built on :mod:`shop.old` and shop.cart.Item; see shop/old.py."""
        # shop.tools.plural and shop.tools.other
        ''')
    assert text == textwrap.dedent('''\
        """Built on :mod:`shop.fresh` and shop.cart.item.Item; see shop/fresh.py."""
        # shop.wording.plural and shop.tools.other
        ''')
    _, markdown = rewrite(tree, "README.md", """\
        Run `python -m shop.old` or `pytest tests/test_old.py::test_a`.

        ```python
            from shop.cart import Cart, Item
        ```
        """)
    assert markdown == textwrap.dedent("""\
        Run `python -m shop.fresh` or `pytest tests/fresh/test_fresh.py::test_a`.

        ```python
            from shop.cart.base import Cart
            from shop.cart.item import Item
        ```
        """)


def test_pyproject_changes_only_in_project_tables(tree):
    _, text = rewrite(tree, "pyproject.toml", """\
        [project.scripts]
        shop = "shop.old:count"

        [tool.importlinter.contracts]
        source_modules = ["shop.old"]
        """)
    assert text == textwrap.dedent("""\
        [project.scripts]
        shop = "shop.fresh:tally"

        [tool.importlinter.contracts]
        source_modules = ["shop.old"]
        """)


def test_check_reports_and_changes_nothing(tree, capsys):
    source = "from shop.old import count\n"
    status, text = rewrite(tree, "stale.py", source, "--check")
    assert status == 1 and text == source
    assert "stale.py:1: from shop.old import count -> from shop.fresh import tally as count" \
        in capsys.readouterr().out


def test_a_cycle_in_the_rows_is_refused(tree, capsys):
    (tree / "moves_shop.toml").write_text('"shop.a" = "shop.b"\n"shop.b" = "shop.a"\n')
    status, _ = rewrite(tree, "any.py", "import shop.a\n")
    assert status == 2
    assert "module rows form a cycle: shop.a -> shop.b -> shop.a" in capsys.readouterr().err
