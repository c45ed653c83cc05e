#!/bin/sh
# Assembles squid.conf in the writable /tmp (the root filesystem is read-only), splicing the compiled ACL
# between the markers, checks it, and runs Squid in the foreground. The ACL comes base64-encoded in
# SCC_SQUID_ACL_B64 (the runtime sets it; a read-only root cannot receive files) or as a mounted
# /etc/squid/acl-rules.conf. Neither: nothing is allowed (the template ends in deny all).
set -eu
conf=/tmp/squid.conf
acl=/etc/squid/acl-rules.conf
if [ -n "${SCC_SQUID_ACL_B64:-}" ]; then
  printf '%s' "$SCC_SQUID_ACL_B64" | base64 -d >/tmp/acl-rules.conf
  acl=/tmp/acl-rules.conf
fi
cp /etc/squid/squid.conf.template "$conf"
if [ -f "$acl" ]; then
  sed -i "/^# SCC_ACL_RULES_START$/,/^# SCC_ACL_RULES_END$/{
/^# SCC_ACL_RULES_START$/r $acl
/^# SCC_ACL_RULES_END$/!d
}" "$conf"
fi
squid -k parse -f "$conf" 2>/tmp/parse.log || { cat /tmp/parse.log >&2; echo "scc-egress-proxy: invalid squid.conf" >&2; exit 1; }
exec squid -N -f "$conf"
