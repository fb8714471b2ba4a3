# tap.sh — sourced by the shell tests: Test Anything Protocol lines, with a
# count of checks (n) and of failures (failed).
#   tap ok|fail NAME         one result
#   check NAME COMMAND...    passes when the command succeeds (its output
#                            is not shown)
n=0
failed=0

tap() {
    n=$((n + 1))
    if [ "$1" = ok ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
    fi
}

check() {
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then tap ok "$name"; else tap fail "$name"; fi
}
