# Assertions shared by the CLI test scripts (POSIX sh). Source it, call the checks, end
# with `finish`, which prints 'N passed, N failed' and sets the exit status.
passes=0 fails=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
expect() { # expect NAME WANT_STATUS GOT_STATUS
    if [ "$2" = "$3" ]; then pass; else fail "$1: exit $3, wanted $2"; fi
}
contains() { # contains NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then pass; else fail "$1: '$3' not in:"; cat "$2"; fi
}
lacks() { # lacks NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then fail "$1: '$3' in:"; cat "$2"; else pass; fi
}
lines() { # lines NAME FILE N
    n=$(wc -l <"$2")
    if [ "$n" -eq "$3" ]; then pass; else fail "$1: $n lines, wanted $3:"; cat "$2"; fi
}
same() { # same NAME FILE EXPECTED_TEXT
    if [ "$(cat "$2")" = "$3" ]; then pass; else fail "$1: got:"; cat "$2"; echo "wanted: $3"; fi
}
json_check() { # json_check NAME FILE PYTHON-EXPRESSION-ON-d
    if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$2" "$3"; then
        pass; else fail "$1: $3"; cat "$2"; fi
}
probe_servers() { # probe_servers DIR: start the local servers of tests/fixtures/probe/
    # server.py, removing DIR at exit; they live while fd 3 (their standard input) is open.
    # port NAME then prints a server's port.
    mkfifo "$1/in"
    /usr/bin/python3 "$(dirname "$0")/../fixtures/probe/server.py" "$1" <"$1/in" >"$1/ports" &
    server=$! servers_dir=$1
    exec 3>"$1/in"
    trap 'exec 3>&-; wait $server 2>/dev/null; rm -rf "$servers_dir"' EXIT
    for _ in $(seq 100); do [ -s "$1/ports" ] && break; sleep 0.1; done
}
port() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$servers_dir/ports" "$1"; }
finish() {
    echo "$passes passed, $fails failed"
    [ "$fails" -eq 0 ]
}
