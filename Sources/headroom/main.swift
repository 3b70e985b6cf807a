import Analysis
import LanguageServer
print("headroom \(HeadroomVersion.string)")
