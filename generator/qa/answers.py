"""Answers rule: each question to the block that answers it, and each answer to its questions.

A question links to the first answer naming one of its labels (`answered_in`), and knows the
other questions answered together with it (`answered_with`, "Antwoord op vragen 3 en 4"), so
the page can link both ways. A question with no answer in an answer document, or an
answer to a question that is never asked, is a warning.
"""

from __future__ import annotations

from generator.qa.model import BlockPart, Context, QaResult


def link_questions_and_answers(result: QaResult, ctx: Context) -> None:
    """Set answered_in/answered_with on each question; report answers to questions never asked."""
    answer_of: dict[str, BlockPart] = {}
    asked: set[str] = set()
    for part in result.blocks:
        if part.kind == "answer":
            for label in part.labels:
                answer_of.setdefault(label, part)
        else:
            asked.update(part.labels)
    for part in result.blocks:
        if part.kind == "question":
            _link_question(part, answer_of, ctx)
        else:
            unknown = [label for label in part.labels if label not in asked]
            if unknown:
                ctx.report(
                    part.line,
                    "warning",
                    "answer-unknown-question",
                    f"'{part.heading}' answers question {', '.join(unknown)}, "
                    "which is never asked in this document",
                )


def _link_question(part: BlockPart, answer_of: dict[str, BlockPart], ctx: Context) -> None:
    """One question to its answer; a question with no answer in an answer document is a warning."""
    answers = [answer_of[label] for label in part.labels if label in answer_of]
    if answers:
        part.answered_in = answers[0].id
        part.answered_with = [label for label in answers[0].labels if label not in part.labels]
    unanswered = [label for label in part.labels if label not in answer_of]
    if unanswered and ctx.kind == "answer":
        ctx.report(
            part.line,
            "warning",
            "question-unanswered",
            f"question {', '.join(unanswered)} has no answer in this document",
        )
