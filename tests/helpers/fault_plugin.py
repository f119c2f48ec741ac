"""A plugin that misbehaves as $GD_FAULT says, run through the real command line by
tests/test_plugins.py (`python tests/helpers/fault_plugin.py check …`): it is registered as the
entry point `fault`, so its import, its hooks and its rule run as an installed plugin's would.

    import_exit, import_print     sys.exit(0) / print() when the plugin is imported
    rules_exit, rules_print       the same in its govdisclosure_rules hook
    check_exit, check_print       the same inside its rule, on every report
    catalogs_dup                  a catalogue of a template the core defines (f2021)
"""

import os
import sys

FAULT = os.environ.get("GD_FAULT", "")

if __name__ != "__main__":  # (the plugin's import, not this script's start)
    if FAULT == "import_exit":
        sys.exit(0)
    if FAULT == "import_print":
        print("HELLO FROM fault import")

from importlib import metadata, resources  # noqa: E402 - after the import-time faults

from govdisclosure.hookspecs import hookimpl  # noqa: E402
from govdisclosure.rules import ReportContext, rule  # noqa: E402


@rule(code="ZF101", name="faulty", family="compliance", severity="info", message="不会出现", summary="测试：出错的规则")
def faulty(context: ReportContext):
    if FAULT == "check_exit":
        sys.exit(0)
    if FAULT == "check_print":
        print("HELLO FROM fault rule")
    return iter(())


class FaultPlugin:
    @hookimpl
    def govdisclosure_rules(self):
        if FAULT == "rules_exit":
            sys.exit(0)
        if FAULT == "rules_print":
            print("HELLO FROM fault rules hook")
        return [faulty]

    @hookimpl(trylast=True)  # (called last: it must not come before the core's catalogues either)
    def govdisclosure_catalogs(self):
        if FAULT == "catalogs_dup":
            return [resources.files("govdisclosure").joinpath("catalog/data/f2021.toml")]
        return []


PLUGIN = FaultPlugin()

if __name__ == "__main__":
    from govdisclosure import plugins
    from govdisclosure.cli import main

    plugins._entry_points = lambda: [metadata.EntryPoint("fault", "fault_plugin:PLUGIN", plugins.ENTRY_POINT_GROUP)]
    os.environ.pop(plugins.DISABLE_AUTOLOAD, None)
    sys.exit(main(sys.argv[1:]))
