"""gunicorn settings for the real-server suite (``gunicorn -c`` this file).

One worker process with eight threads: concurrent requests share one app,
its compiled policies and their memos, which is where cross-talk would show.
"""

worker_class = "gthread"
workers = 1
threads = 8
keepalive = 5
timeout = 30
graceful_timeout = 5
# Import the app in the master, so that an import error stops gunicorn at
# once instead of looping on worker restarts.
preload_app = True
errorlog = "-"
loglevel = "info"
# gunicorn >= 25.1 opens a control socket under $HOME, shared by every
# instance; these servers need none.  Older versions ignore unknown names.
control_socket_disable = True
