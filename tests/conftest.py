"""Shared fixtures, the one place that finds ``../shared``, and the markers that split the
suite by cost.

``tests/sample_plugins`` is put on ``sys.path`` so tests can load its modules as explicit
plugins, and child processes get it through ``PYTHONPATH``.

Markers (registered in ``pyproject.toml``; the README's testing section has the commands):

* ``slow``: over about a second on the shared 2-core machine, or reads ``../shared/data``.
  ``python -m pytest -m "not slow"`` is the quick run; CI runs everything.
* ``integration``: a child process (the CLI), a worker pool, Ray or a browser.
* ``quality``: a figure on the development data in ``../shared/data``.
* ``properties``: hypothesis property and fuzz tests.

They are applied here rather than in the test files, from :data:`MARKS` and three rules: a
hypothesis test is ``properties``; a test that asks for the :func:`shared_data` fixture is
``quality``; ``integration`` and ``quality`` tests are ``slow`` too.
"""

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
#: The development data and scorers beside the repository (not part of it; absent on CI).
SHARED = ROOT.parent / "shared"
SAMPLE_PLUGINS = TESTS / "sample_plugins"
sys.path.insert(0, str(SAMPLE_PLUGINS))

#: Markers by file (relative to the repository root) or by ``file::test`` (the test function's
#: name without parameters, or a doctest's dotted name). ``slow`` was measured with
#: ``python -m pytest -m "not slow" --durations=0 -p no:randomly`` on the shared 2-core
#: machine under load (wall time 3.5 times the CPU time): what took over 3 s there (about a
#: second of CPU; any of its parameters) is listed. A new test in a listed file takes the
#: file's markers; a new slow test elsewhere needs a line here.
MARKS: dict[str, tuple[str, ...]] = {
    # Child processes (the command line), worker pools, Ray, a browser, pip.
    "tests/test_cli.py": ("integration",),
    "tests/test_hostile.py": ("integration",),
    "tests/test_install_name.py::test_the_scaffolds_plugin_installs_against_this_checkout_in_a_fresh_venv": ("integration",),
    "tests/test_ray.py": ("integration",),
    "tests/test_report_browser.py": ("integration",),
    "tests/test_runs.py": ("integration",),
    "tests/test_scaffold.py": ("integration",),
    "tests/test_untrusted.py": ("integration",),
    "tests/test_user_errors.py": ("integration",),
    "tests/test_warc_real.py": ("integration",),
    "tests/test_workers.py": ("integration",),
    **dict.fromkeys([
        "tests/test_bad_input.py::test_each_kind_gets_a_correct_result",
        "tests/test_bad_input.py::test_bad_files_are_one_line_errors_and_the_run_goes_on",
        "tests/test_bad_input.py::test_odd_paths_are_cleaned",
        "tests/test_bad_input.py::test_symlinked_folders_are_not_followed",
        "tests/test_bad_input.py::test_input_is_never_modified",
        "tests/test_bad_input.py::test_unreadable_file",
        "tests/test_bad_input.py::test_unwritable_output_is_an_error_not_a_crash",
        "tests/test_bad_input.py::test_symlink_in_output_pointing_out_is_not_followed",
        "tests/test_bad_input.py::test_many_one_character_lines",
        "tests/test_bad_input.py::test_large_single_line",
        "tests/test_bad_input.py::test_cli_skips_a_file_with_a_nul_as_not_text",
        "tests/test_decoding.py::test_cli_warns_of_replaced_bytes_and_keeps_the_good_characters",
        "tests/test_decoding.py::test_the_report_records_the_warning",
        "tests/test_linear_time.py::test_cli_fails_a_page_over_the_budget_and_goes_on",
        "tests/test_plugins.py::test_entry_point_plugin_runs_with_no_change_to_textclean",
        "tests/test_plugins.py::test_autoload_can_be_disabled_by_environment",
        "tests/test_plugins.py::test_broken_plugin_warns_by_name_and_the_rest_run",
        "tests/test_plugins.py::test_broken_plugin_on_the_cli_is_one_warning_line",
        "tests/test_plugins.py::test_register_commands_adds_a_cli_command",
        "tests/test_plugins.py::test_register_commands_cannot_take_a_builtin_name",
        "tests/test_plugins.py::test_a_wrong_answer_is_one_line_on_the_cli",
        "plugins/textclean-pii/tests/test_pii.py::test_cli_enable",
        "tests/test_warc.py::test_cli_cleans_an_archive_into_jsonl_records",
        "tests/test_warc.py::test_cli_streams_an_archive_to_standard_output",
        "tests/test_warc.py::test_damaged_records_are_recorded_and_the_rest_is_kept",
        "tests/test_warc.py::test_fit_reads_the_pages_of_an_archive",
        "tests/test_warc.py::test_reading_goes_on_past_a_damaged_record",
        "tests/test_warc.py::test_a_page_stored_compressed_is_decompressed",
        "tests/test_warc.py::test_a_compressed_page_that_unfolds_past_the_size_limit_is_failed",
    ], ("integration",)),
    # Development data in ../shared/data, found by the test file itself (these become
    # automatic once their tests ask for the shared_data fixture).
    **dict.fromkeys([
        "tests/test_boilerplate.py::test_l3s_content_recall_and_f1",
        "tests/test_boilerplate.py::test_idempotent_on_development_pages",
        "tests/test_boilerplate.py::test_turku_extracted_text_keeps_content",
        "tests/test_mojibake.py::test_every_ftfy_case_ftfy_passes_passes_here",
        "tests/test_mojibake.py::test_ftfy_negative_cases_are_left_alone",
        "tests/test_typos.py::test_dev_norvig_accuracy",
        "tests/test_typos.py::test_dev_harm_on_clean_news",
        "tests/test_typos.py::test_dev_context_share_removed",
    ], ("quality",)),
    # Measured over a second (hypothesis tests are marked properties by rule).
    "tests/test_fuzz.py": ("properties", "slow"),
    "tests/test_linear_time.py": ("slow",),
    **dict.fromkeys([
        "tests/test_boilerplate.py::test_bulk_evidence_equals_per_line_evidence_on_random_lines",
        "tests/test_fast_paths.py::test_line_breaks_fast_path_agrees",
        "tests/test_fast_paths.py::test_markup_prefilter_agrees",
        "tests/test_fast_paths.py::test_whitespace_fast_path_agrees",
        "tests/test_line_breaks.py::test_any_wrapped_text_cleans_idempotently_without_losing_words",
        "tests/test_line_breaks.py::test_blank_line_wrapped_text_is_restored_and_cleaning_is_idempotent",
        "tests/test_line_breaks.py::test_lines_of_unicode_blanks_are_harmless",
        "tests/test_line_breaks.py::test_long_inputs_stay_linear",
        "tests/test_markup.py::test_idempotent",
        "tests/test_mojibake.py::test_idempotent_on_random_mojibake",
        "tests/test_mojibake.py::test_looks_bad_is_is_bad_and_triggers_cover_it",
        "tests/test_mojibake.py::test_many_tags_and_many_fixes_on_one_line_stay_linear",
        "tests/test_mojibake.py::test_memory_on_one_long_line_is_a_small_constant_per_character",
        "tests/test_mojibake.py::test_mojibake_at_and_across_window_edges_is_repaired_as_in_a_short_text",
        "tests/test_mojibake.py::test_same_as_ftfy_on_every_line",
        "tests/test_mojibake.py::test_windows_give_the_fixes_of_the_whole_line_on_random_text",
        "tests/test_pipeline.py::test_one_alarm_per_document_still_gives_each_cleaner_its_own_budget",
        "tests/test_pipeline.py::test_replay_and_span_invariants",
        "tests/test_properties.py::test_default_pipeline_never_raises_is_idempotent_and_replays",
        "tests/test_properties.py::test_properties_hold_on_mutated_seeds",
        "tests/test_properties.py::test_trusted_cleaners_never_change_their_own_output",
        "tests/test_properties.py::test_builtin_cleaners_return_fixes_that_pass_the_full_check",
        "tests/test_report.py::test_ten_thousand_documents_are_paged_not_rendered",
        "tests/test_typos.py::test_distance2_generation_equals_index",
        "tests/test_typos.py::test_fixture_news_with_and_without_the_index",
        "tests/test_typos.py::test_known_words_from_hook_become_vocabulary",
        "tests/test_typos.py::test_time_is_linear_in_distinct_unknown_words",
        "textclean/cleaners/typos/model.py::textclean.cleaners.typos.model.Model.preload",
    ], ("slow",)),
}

SLOW_TOO = ("integration", "quality")


def markers_for(nodeid: str, properties: bool, shared: bool) -> set[str]:
    """The markers of the test ``nodeid`` (``path::name[params]``) by :data:`MARKS` and the
    rules above.

    >>> sorted(markers_for("tests/test_x.py::test_y[1]", properties=True, shared=True))
    ['properties', 'quality', 'slow']
    """
    path, _, rest = nodeid.partition("::")
    name = rest.split("[", 1)[0]
    found = set(MARKS.get(path, ())) | set(MARKS.get(f"{path}::{name}", ()))
    if properties:
        found.add("properties")
    if shared:
        found.add("quality")
    if found.intersection(SLOW_TOO):
        found.add("slow")
    return found


def pytest_collection_modifyitems(config, items):
    for item in items:
        func = getattr(item, "function", None)
        marks = markers_for(item.nodeid,
                            properties=getattr(func, "is_hypothesis_test", False),
                            shared="shared_data" in getattr(item, "fixturenames", ()))
        for name in sorted(marks):
            item.add_marker(name)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite seeds/golden/* from the current pipeline (review the diff by eye!)")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens")


@pytest.fixture
def child_env():
    """Environment for a ``python -m textclean`` child: sample plugins importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SAMPLE_PLUGINS), env.get("PYTHONPATH")]))
    return env


def _shared_data(*parts: str) -> Path:
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path} (../shared/data beside the repository)")
    return path


@pytest.fixture(scope="session")
def shared_data():
    """``shared_data("linebreaks", "wrapped-l3s-dev.jsonl")``: that path under
    ``../shared/data``, or the test is skipped with a clear message where it is absent. A
    test that asks for this fixture is marked ``quality`` (and so ``slow``)."""
    return _shared_data
