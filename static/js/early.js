// Before the page is drawn: scripts run here, so the phone's menu starts folded (without JavaScript
// it stays open, one long bar).
document.documentElement.classList.add("js");
