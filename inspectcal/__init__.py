"""inspectcal: inspection timetables as real English working days.

The package root imports nothing heavy on purpose: the command line starts fast because
each command imports only the modules it needs.
"""

__version__ = "0.1.0"
