"""The SFL vocabulary of SFL.md: the predefined options of Field, Tenor and Mode.

Shared by the prompt library (options merged with each user's own values) and the AI gateway
(the wizard's instructions, and the choices the small local model is held to).
"""

from __future__ import annotations

from typing import Final

TASK_TYPES: Final = (
    "Explanation",
    "Summarization",
    "Code Generation",
    "Creative Writing",
    "Translation",
    "Brainstorming",
    "Question Answering",
    "Data Analysis",
    "Comparison",
    "Instruction",
    "Dialogue Generation",
    "Outline Creation",
)

AI_PERSONAS: Final = (
    "Expert",
    "Friendly Assistant",
    "Sarcastic Bot",
    "Neutral Reporter",
    "Creative Muse",
    "Teacher/Tutor",
    "Devil's Advocate",
    "Philosopher",
    "Historian",
)

TARGET_AUDIENCES: Final = (
    "General Public",
    "Beginners",
    "Intermediates",
    "Experts",
    "Children (5-7 years)",
    "Teenagers (13-17 years)",
    "Software Developers",
    "Academic Researchers",
    "Business Professionals",
    "Policy Makers",
)

DESIRED_TONES: Final = (
    "Formal",
    "Informal",
    "Humorous",
    "Serious",
    "Empathetic",
    "Concise",
    "Detailed",
    "Persuasive",
    "Objective",
    "Enthusiastic",
    "Critical",
    "Neutral",
)

OUTPUT_FORMATS: Final = (
    "Plain Text",
    "Markdown",
    "JSON",
    "XML",
    "Python Code",
    "JavaScript Code",
    "HTML",
    "Bullet Points",
    "Numbered List",
    "Poem",
    "Short Story",
    "Email",
    "Report",
    "Spreadsheet (CSV-like)",
    "Slide Presentation Outline",
)

LENGTH_CONSTRAINTS: Final = (
    "Single Sentence",
    "Short Paragraph (~50 words)",
    "Medium Paragraph (~150 words)",
    "Long Paragraph (~300 words)",
    "Multiple Paragraphs (~500+ words)",
    "Concise (as needed)",
    "Detailed (as needed)",
    "No Specific Limit",
)
