"""The coach chat: triage first, then calculations, plan questions, knowledge answers or small talk."""
