# Shared by the benchmark scripts: a private nginx on a free loopback port, serving $work/www with
# real ETag/Last-Modified/304 behaviour, run as the current user (the system service is never
# touched). Needs $work (a scratch folder) and sets $nginx_pid and $port.
# Usage: source scripts/lib/loopback-nginx.sh; start_loopback_nginx || exit 1

nginx_bin="$(command -v nginx || true)"
[[ -x "$nginx_bin" ]] || nginx_bin=/usr/sbin/nginx

# A port nothing answers on; nginx start is retried if another process takes it meanwhile.
pick_port() {
    local port
    for _ in $(seq 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "no free port found" >&2; return 1
}

start_nginx() {
    local port="$1" user_line=""
    # As root nginx would drop its workers to "nobody", which cannot read the private folder.
    [[ "$(id -u)" == 0 ]] && user_line="user $(id -un) $(id -gn);"
    cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    types { application/rss+xml xml; }
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
        etag on;
    }
}
CONF
    "$nginx_bin" -p "$work" -c "$work/nginx.conf" -e "$work/error.log" -g 'daemon off;' &
    nginx_pid=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$nginx_pid" 2>/dev/null || { nginx_pid=""; return 1; }
        sleep 0.05
    done
    return 1
}

# Tries a few ports; on success $port and $nginx_pid are set.
start_loopback_nginx() {
    [[ -x "$nginx_bin" ]] || { echo "nginx not found (apt-get install nginx-light)" >&2; return 1; }
    mkdir -p "$work/tmp"
    for _ in 1 2 3; do
        port="$(pick_port)"
        if start_nginx "$port"; then return 0; fi
    done
    port=""
    echo "nginx did not start:" >&2
    cat "$work/error.log" >&2
    return 1
}

stop_loopback_nginx() {
    if [[ -n "${nginx_pid:-}" ]]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    nginx_pid=""
}
