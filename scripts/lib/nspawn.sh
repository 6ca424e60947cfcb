# Shared by the service tests (scripts/systemd-e2e, scripts/deb-e2e): a real systemd 252 booted
# in a container with systemd-nspawn from the host's own root, since PID 1 here is not systemd.
#
#   nspawn_boot LOG OPTION...   boots with these systemd-nspawn options; sets $leader (the
#                               container's PID 1); returns 1 (LOG printed) when it cannot
#   c COMMAND...                runs COMMAND in the container (all its namespaces)
#   put FILE                    standard input becomes FILE in the container
#   wait_for SECONDS 'COND'     until the shell condition COND holds (evaluated afresh each time)
#   nspawn_stop                 powers the container off (call it from the script's EXIT trap)
#
# Every container gets its own network namespace with only loopback (--private-network) and
# boots basic.target only, so the host's enabled services (databases, web servers) stay off;
# firstboot would wait for input on the console.

nspawn_pid=""
leader=""

nspawn_boot() {
  local log=$1; shift
  systemd-nspawn --register=no --keep-unit -D / --private-network --console=passive "$@" \
    -b -- systemd.firstboot=off systemd.unit=basic.target systemd.mask=systemd-networkd-wait-online.service \
    > "$log" 2>&1 &
  nspawn_pid=$!
  # The container's PID 1 is the child of systemd-nspawn named systemd (an intermediate child
  # that sets up the namespaces comes and goes first).
  for _ in $(seq 1 200); do
    leader=$(ps --ppid "$nspawn_pid" -o pid=,comm= 2>/dev/null | awk '$2 == "systemd" { print $1; exit }' || true)
    [ -n "$leader" ] && break; sleep 0.1
  done
  [ -n "$leader" ] || { cat "$log"; echo "systemd-nspawn started no container" >&2; return 1; }
  local state=""
  for _ in $(seq 1 120); do
    state=$(c systemctl is-system-running 2>/dev/null || true)
    case $state in running|degraded) break ;; esac; sleep 0.5
  done
  case $state in
    running|degraded) nspawn_state=$state ;;
    *) cat "$log"; echo "the container's systemd did not finish booting (state: ${state:-none})" >&2; return 1 ;;
  esac
}

c() { nsenter -t "$leader" -a "$@"; }
put() { c sh -c "cat > $1"; }

wait_for() {
  local deadline=$((SECONDS + $1))
  until eval "$2" >/dev/null 2>&1; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.3; done
}

nspawn_stop() {
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    [ -n "$leader" ] && nsenter -t "$leader" -a systemctl poweroff >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$nspawn_pid" 2>/dev/null || true
  fi
}
