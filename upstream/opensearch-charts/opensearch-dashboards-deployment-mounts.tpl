          {{- range $path, $config := .Values.config }}
          - name: config
            mountPath: /usr/share/opensearch-dashboards/config/{{ $path }}
            subPath: {{ $path }}
          {{- end }}
