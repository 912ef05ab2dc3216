"""Interpreter mode: the participant's questions, plan and exit survey in Swedish and the participant's language side by side."""
