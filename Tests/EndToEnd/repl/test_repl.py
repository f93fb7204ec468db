"""The REPL on a pseudo-terminal: the real binary, driven as a user types."""
import os
import tempfile

import pexpect
import pytest

BINARY = os.environ.get("DGENERATE_BINARY", os.path.join(os.path.dirname(__file__), "../../../.build/release/dgenerate"))
PROMPT, MORE = "dg> ", "... "


@pytest.fixture
def history(tmp_path):
    return str(tmp_path / "history")


def start(history, *arguments):
    env = dict(os.environ, DGENERATE_HISTORY=history, TERM="xterm")
    session = pexpect.spawn(BINARY, list(arguments) or ["--repl"], env=env, encoding="utf-8", timeout=20,
                            cwd=os.path.dirname(__file__), dimensions=(40, 200))
    # (pexpect waits 50 ms before each send by default)
    session.delaybeforesend = None
    session.expect_exact(PROMPT)
    return session


def interrupt(session):
    """Ctrl-C at the prompt: the entry is dropped (the REPL echoes ^C) and a fresh prompt follows."""
    session.sendintr()
    session.expect_exact("^C")
    session.expect_exact(PROMPT)


def finish(session, status=0):
    session.sendline("\\exit %d" % status)
    session.expect(pexpect.EOF)
    session.close()
    assert session.exitstatus == status


def test_entries_share_state_and_blocks_continue(history):
    session = start(history)
    session.sendline("\\set size 512")
    session.expect_exact(PROMPT)
    session.sendline("{% for i in range(2) %}")
    session.expect_exact(MORE)
    session.sendline("\\print size {{ size }} {{ i }}")
    session.expect_exact(MORE)
    session.sendline("{% endfor %}")
    session.expect_exact("size 512 0")
    session.expect_exact("size 512 1")
    session.expect_exact(PROMPT)
    # a `\` continuation goes on to the next line
    session.sendline("\\print one \\")
    session.expect_exact(MORE)
    session.sendline("two")
    session.expect_exact("one two")
    session.expect_exact(PROMPT)
    finish(session)


def test_tab_completes_directives_options_and_variables(history):
    session = start(history)
    session.sendline("\\set my_prompt a lighthouse")
    session.expect_exact(PROMPT)
    # a choice: Tab lists the directives that start so
    session.send("\\pr\t")
    session.expect_exact("\\prompt_upscale")
    interrupt(session)
    session.send("\\pri\t")
    session.sendline("{{ my_pr\t }}")
    session.expect_exact("a lighthouse\r\n")
    session.expect_exact(PROMPT)
    # a path, from the folder the session has moved to
    session.sendline("\\cd ../lsp")
    session.expect_exact(PROMPT)
    session.send("models/tiny --image-seeds fixtures/cle\t")
    session.expect_exact("an.d")
    interrupt(session)
    # an option of an invocation (dropped with Ctrl-C rather than run)
    session.send("models/tiny --inf\t")
    session.expect_exact("erence-steps ")
    interrupt(session)
    finish(session)


def test_an_error_does_not_end_the_session(history):
    session = start(history)
    session.sendline("\\print {{ 1 + }}")
    session.expect_exact("Template Render Error: unexpected 'end of print statement'")
    session.expect_exact("^~")
    session.expect_exact(PROMPT)
    session.sendline("\\print still here")
    session.expect_exact("still here")
    session.expect_exact(PROMPT)
    finish(session, 3)


def test_ctrl_c_drops_the_entry_being_typed(history):
    session = start(history)
    session.sendline("{% for i in [1] %}")
    session.expect_exact(MORE)
    interrupt(session)
    session.sendline("\\print fresh")
    session.expect_exact("fresh")
    session.expect_exact(PROMPT)
    finish(session)


def test_history_is_recalled_in_the_next_session(history):
    session = start(history)
    session.sendline("\\print remembered")
    session.expect_exact(PROMPT)
    finish(session)
    session = start(history)
    session.send("\x1b[A")  # up: the last entry of the session before (`\exit 0`), then the one before it
    session.send("\x1b[A")
    session.sendline("")
    session.expect_exact("remembered\r\n")
    session.expect_exact(PROMPT)
    finish(session)


def test_no_arguments_on_a_terminal_start_the_prompt(history):
    env = dict(os.environ, DGENERATE_HISTORY=history, TERM="xterm")
    session = pexpect.spawn(BINARY, [], env=env, encoding="utf-8", timeout=20)
    session.expect_exact(PROMPT)
    session.sendeof()
    session.expect(pexpect.EOF)
    session.close()
    assert session.exitstatus == 0


def resident_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def run_entries(session, first, count):
    for index in range(first, first + count):
        session.sendline("\\set x %d" % index)
        session.expect_exact(PROMPT)


def test_ten_thousand_entries_keep_memory_flat(history):
    """Prints the resident size after 1,000 and after 10,000 entries; the growth must stay small."""
    session = start(history)
    run_entries(session, 0, 1_000)
    after_first = resident_kib(session.pid)
    run_entries(session, 1_000, 9_000)
    after_all = resident_kib(session.pid)
    session.sendline("\\print {{ x }}")
    session.expect_exact("9999")
    finish(session)
    growth = after_all - after_first
    print("\nREPL memory: %d KiB after 1,000 entries, %d KiB after 10,000 (growth %d KiB)" % (after_first, after_all, growth))
    assert growth < 8 * 1024


def test_ctrl_c_stops_a_generation_between_steps(history, tmp_path):
    """The shipped tiny model, 500 steps: Ctrl-C after a few stops it, writes nothing, and the session goes on."""
    session = start(history)
    model = os.path.join(os.path.dirname(__file__), "../../../examples/models/tiny-sd")
    output = str(tmp_path / "out")
    session.sendline("%s --prompts fox --inference-steps 500 --output-size 64 --output-path %s" % (model, output))
    session.expect("Step [3-9]/500")
    session.sendintr()
    session.expect_exact("interrupted after step")
    session.expect_exact(PROMPT)
    assert not os.path.exists(output) or not os.listdir(output)
    session.sendline("\\print still here")
    session.expect_exact("still here")
    session.expect_exact(PROMPT)
    finish(session)
