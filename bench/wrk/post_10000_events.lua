-- wrk script for the http_batch row: POST /events with 10,000 newline-separated events per body,
-- about 70% "w" and 30% "l".
wrk.method = "POST"
wrk.path = "/events"
wrk.headers["Content-Type"] = "text/plain"
wrk.body = string.rep("w\nl\nw\nw\nl\nw\nw\nl\nw\nw\n", 1000)
