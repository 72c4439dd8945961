package i18n

// The texts of the SSH server: why a connection is refused, said to the
// client in the server's language, and the login screen under a burst of
// logins; kept apart from the rest of the catalogs and merged into them.

func init() {
	for k, v := range serveJa {
		ja[k] = v
	}
	for k, v := range serveEn {
		en[k] = v
	}
}

var serveJa = map[string]string{
	"serve.refused.rate":     "接続が多すぎます。しばらくしてから接続してください。",
	"serve.refused.sessions": "ただいま混み合っています。しばらくしてから接続してください。",
	"serve.refused.pty":      "端末のない接続はご利用いただけません。端末を割り当てて (ssh -t) 接続してください。",
	"serve.refused.command":  "コマンドは実行できません。コマンドを付けずに接続してください。",

	// Beyond the logins checked or waiting at once: not a wrong password.
	"login.crowded": "ただいま混み合っています。しばらくしてからもう一度お試しください。",
}

var serveEn = map[string]string{
	"serve.refused.rate":     "Too many connections from your address. Please try again later.",
	"serve.refused.sessions": "The portal is busy. Please try again later.",
	"serve.refused.pty":      "A terminal is required. Connect with a terminal (ssh -t).",
	"serve.refused.command":  "Commands cannot be run. Connect without a command.",

	"login.crowded": "Too many logins at once right now. Please try again in a moment.",
}
