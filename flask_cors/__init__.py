"""Cross-Origin Resource Sharing (CORS) for Flask.

``CORS(app)`` adds CORS headers to an app's (or a blueprint's) responses;
``@cross_origin()`` does the same for one view.  Both take the same options.
"""

from .decorator import cross_origin
from .errors import CORSConfigError, CORSConfigWarning
from .extension import CORS

__version__ = "7.0.0"

__all__ = ["CORS", "CORSConfigError", "CORSConfigWarning", "cross_origin", "__version__"]
