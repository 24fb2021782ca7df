#!/bin/bash
# Exits 0 when an HTTP GET of the URL answers 200, 1 otherwise. The JRE base image has no curl or wget,
# and a JVM per check would cost more memory than the check is worth, so this speaks HTTP/1.0 through
# bash's /dev/tcp. Usage: healthcheck [http://host:port/path]   (default: $ALLEZON_HEALTH_URL)
set -u
url=${1:-${ALLEZON_HEALTH_URL:-}}
timeout_seconds=${ALLEZON_HEALTH_TIMEOUT:-3}

rest=${url#http://}
if [[ -z $url || $rest == "$url" ]]; then
    echo "healthcheck: need an http:// URL, got '$url'" >&2
    exit 1
fi
authority=${rest%%/*}
path=/
[[ $rest == */* ]] && path=/${rest#*/}
host=${authority%:*}
port=80
[[ $authority == *:* ]] && port=${authority##*:}

{ exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || { echo "healthcheck: cannot connect to $authority" >&2; exit 1; }
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$authority" >&3
IFS= read -r -t "$timeout_seconds" status_line <&3 || { echo "healthcheck: no answer from $url" >&2; exit 1; }
exec 3<&-

case $status_line in
    HTTP/1.?" 200 "* | HTTP/1.?" 200"$'\r') exit 0 ;;
    *) echo "healthcheck: $url answered ${status_line%$'\r'}" >&2; exit 1 ;;
esac
