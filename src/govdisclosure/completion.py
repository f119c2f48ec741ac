"""Shell completion scripts (`govdisclosure completion bash|zsh|fish`), made from the argparse
parser itself: its subcommands, their options, the options' choices, and file names where a
command takes paths or an option a FILE. A small generator rather than a dependency (shtab)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

PROG = "govdisclosure"


@dataclass
class Option:
    flags: list[str]
    help: str
    takes_value: bool
    choices: list[str] = field(default_factory=list)
    files: bool = False  # a file name (FILE)


@dataclass
class Command:
    name: str
    help: str
    options: list[Option]
    positional_choices: list[str] = field(default_factory=list)
    paths: bool = False  # takes file names


def _help(action: argparse.Action) -> str:
    text = action.help if isinstance(action.help, str) and action.help != argparse.SUPPRESS else ""
    return " ".join(text.replace("%(default)s", str(action.default)).split())


def _options(parser: argparse.ArgumentParser) -> list[Option]:
    out = []
    for action in parser._actions:
        if not action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        takes_value = action.nargs != 0
        choices = [str(c) for c in action.choices] if action.choices else []
        files = takes_value and not choices and (action.metavar == "FILE" or action.dest in ("config", "output"))
        out.append(Option(list(action.option_strings), _help(action), takes_value, choices, files))
    return out


def commands_of(parser: argparse.ArgumentParser) -> tuple[list[Option], list[Command]]:
    """The program's own options, and each subcommand with its options and what it takes."""
    commands = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: _help(choice) for choice in action._choices_actions}
        for name, sub in action.choices.items():
            positional = [a for a in sub._actions if not a.option_strings]
            choices = [str(c) for a in positional if a.choices for c in a.choices]
            paths = any(a.dest == "paths" for a in positional)
            commands.append(Command(name, helps.get(name, ""), _options(sub), choices, paths))
    return _options(parser), commands


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of `shell` (bash, zsh or fish) for the parser."""
    own, commands = commands_of(parser)
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](own, commands)


# --- bash ----------------------------------------------------------------------------------------

def _bash_case_values(options: list[Option], indent: str) -> list[str]:
    lines = []
    for option in options:
        if not option.takes_value:
            continue
        flags = "|".join(option.flags)
        if option.choices:
            action = f'COMPREPLY=($(compgen -W "{" ".join(option.choices)}" -- "$cur")); return'
        elif option.files:
            action = 'COMPREPLY=($(compgen -f -- "$cur")); return'
        else:
            action = "return"  # (a value of its own: nothing to offer)
        lines.append(f"{indent}{flags}) {action} ;;")
    return lines


def _bash(own: list[Option], commands: list[Command]) -> str:
    names = " ".join(c.name for c in commands)
    lines = [
        f"# bash completion for {PROG} (`{PROG} completion bash`)",
        f"_{PROG}() {{",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" i',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f"            {'|'.join(c.name for c in commands)}) command=\"${{COMP_WORDS[i]}}\"; break ;;",
        "        esac",
        "    done",
        '    local options="" words=""',
        '    case "$command" in',
        '        "")',
        '            case "$prev" in',
        *_bash_case_values(own, "                "),
        "            esac",
        f'            options="{" ".join(f for o in own for f in o.flags)}"; words="{names}" ;;',
    ]
    for command in commands:
        lines += [
            f"        {command.name})",
            '            case "$prev" in',
            *_bash_case_values(command.options, "                "),
            "            esac",
            f'            options="{" ".join(f for o in command.options for f in o.flags)}"; '
            f'words="{" ".join(command.positional_choices)}" ;;',
        ]
    lines += [
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$options" -- "$cur"))',
        '    elif [[ -n "$words" ]]; then',
        '        COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        "    else",
        '        COMPREPLY=($(compgen -f -- "$cur"))',
        "    fi",
        "}",
        f"complete -o filenames -o bashdefault -F _{PROG} {PROG}",
        "",
    ]
    return "\n".join(lines)


# --- zsh -----------------------------------------------------------------------------------------

def _zsh_single(text: str) -> str:
    """Text inside single quotes."""
    return text.replace("'", "'\\''")


def _zsh_quoted(text: str) -> str:
    """Text inside a single-quoted `_arguments` spec: its quote, brackets and colons escaped."""
    return _zsh_single(text).replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def _zsh_specs(options: list[Option]) -> list[str]:
    specs = []
    for option in options:
        help_text = _zsh_quoted(option.help)
        value = ""
        if option.takes_value:
            what = _zsh_quoted(option.flags[-1].lstrip("-"))
            value = f":{what}:({' '.join(option.choices)})" if option.choices else \
                f":{what}:_files" if option.files else f":{what}:"
        if len(option.flags) > 1:
            exclusive = " ".join(option.flags)
            specs.append(f"'({exclusive})'{{{','.join(option.flags)}}}'[{help_text}]{value}'")
        else:
            repeat = "*" if option.flags[0] == "-p" else ""
            specs.append(f"'{repeat}{option.flags[0]}[{help_text}]{value}'")
    return specs


def _zsh(own: list[Option], commands: list[Command]) -> str:
    lines = [
        f"#compdef {PROG}",
        f"# zsh completion for {PROG} (`{PROG} completion zsh`)",
        f"_{PROG}() {{",
        "    local context state state_descr line",
        "    typeset -A opt_args",
        "    _arguments -C \\",
        *(f"        {spec} \\" for spec in _zsh_specs(own)),
        "        '1:command:->command' \\",
        "        '*::argument:->argument'",
        "    case $state in",
        "        command)",
        "            local -a commands",
        "            commands=(",
        # (`_describe` splits at the first colon: the description's own need no escaping)
        *(f"                '{c.name}:{_zsh_single(c.help)}'" for c in commands),
        "            )",
        "            _describe -t commands command commands ;;",
        "        argument)",
        "            case $line[1] in",
    ]
    for command in commands:
        rest = "'*:path:_files'" if command.paths else \
            f"'1:{command.name}:({' '.join(command.positional_choices)})'" if command.positional_choices else \
            ("'1:code:'" if command.name == "rule" else "")
        specs = [*_zsh_specs(command.options), *([rest] if rest else [])]
        lines.append(f"                {command.name})")
        lines.append("                    _arguments \\")
        lines += [f"                        {spec} \\" for spec in specs[:-1]]
        lines.append(f"                        {specs[-1]} ;;" if specs else "                        ;;")
    lines += [
        "            esac ;;",
        "    esac",
        "}",
        f'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _{PROG} "$@"; else compdef _{PROG} {PROG}; fi',
        "",
    ]
    return "\n".join(lines)


# --- fish ----------------------------------------------------------------------------------------

def _fish_quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(option: Option, condition: str) -> str:
    parts = [f"complete -c {PROG} -n {_fish_quoted(condition)}"]
    for flag in option.flags:
        parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}" if len(flag) == 2 else f"-o {flag[1:]}")
    if option.takes_value:
        parts.append(f"-x -a {_fish_quoted(' '.join(option.choices))}" if option.choices else "-r -F" if option.files else "-x")
    if option.help:
        parts.append(f"-d {_fish_quoted(option.help)}")
    return " ".join(parts)


def _fish(own: list[Option], commands: list[Command]) -> str:
    lines = [f"# fish completion for {PROG} (`{PROG} completion fish`)", f"complete -c {PROG} -f"]
    lines += [_fish_option(option, "__fish_use_subcommand") for option in own]
    for command in commands:
        lines.append(f"complete -c {PROG} -n __fish_use_subcommand -a {command.name} -d {_fish_quoted(command.help)}")
    for command in commands:
        condition = f"__fish_seen_subcommand_from {command.name}"
        lines += [_fish_option(option, condition) for option in command.options]
        if command.paths:
            lines.append(f"complete -c {PROG} -n {_fish_quoted(condition)} -F")
        elif command.positional_choices:
            lines.append(f"complete -c {PROG} -n {_fish_quoted(condition)} -x -a {_fish_quoted(' '.join(command.positional_choices))}")
    return "\n".join(lines) + "\n"
