data:
  {{ range $key, $value := .Values.luaScripts }}
  {{ $key }}: {{ (tpl $value $) | quote }}
  {{ end }}
